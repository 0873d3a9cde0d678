package io.rmpcoap.routes;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The manifests of {@code deploy/kubernetes/cluster/} read as the Kubernetes API's own types (fabric8's model of the
 * API schemas): a field the kind does not have or a value of the wrong type fails here. Both the offline validation
 * ({@code DeploymentDescriptorsTest}) and the replicas of {@code GatewayClusterBalancerTest} read the gateway's configuration
 * from these files, so the tested replicas and the deployed ones cannot drift apart.
 */
final class ClusterManifests {

    static final Path DIR = Path.of("../deploy/kubernetes/cluster");
    static final String CONFIG_MAP = "rmp-gateway.configmap.yaml";
    static final String SECRET = "rmp-gateway-cluster.secret.yaml";
    static final String STATEFUL_SET = "rmp-gateway.statefulset.yaml";
    static final String HEADLESS_SERVICE = "rmp-gateway-cluster.service.yaml";
    static final String LOAD_BALANCER_SERVICE = "rmp-gateway-coaps.service.yaml";
    static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(CONFIG_MAP, ConfigMap.class, SECRET, Secret.class,
            STATEFUL_SET, StatefulSet.class, HEADLESS_SERVICE, Service.class, LOAD_BALANCER_SERVICE, Service.class);

    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY);

    private ClusterManifests() {
    }

    /** The file's single YAML document as plain maps and lists. */
    static Map<String, Object> yaml(String file) throws IOException {
        return document(Files.readString(DIR.resolve(file)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> document(String text) {
        List<Object> documents = new ArrayList<>();
        new Load(LoadSettings.builder().setAllowDuplicateKeys(false).build()).loadAllFromString(text).forEach(documents::add);
        if (documents.size() != 1) {
            throw new AssertionError("a manifest holds " + documents.size() + " documents, not one");
        }
        return (Map<String, Object>) documents.get(0);
    }

    /** The file as the Kubernetes type of its kind. */
    static <T extends HasMetadata> T load(String file, Class<T> type) throws IOException {
        return parse(Files.readString(DIR.resolve(file)), type);
    }

    /** A manifest's text as the Kubernetes type of its kind; a value of the wrong type fails. */
    static <T extends HasMetadata> T parse(String text, Class<T> type) {
        return STRICT.convertValue(document(text), type);
    }

    static StatefulSet statefulSet() throws IOException {
        return load(STATEFUL_SET, StatefulSet.class);
    }

    static Container gatewayContainer() throws IOException {
        return statefulSet().getSpec().getTemplate().getSpec().getContainers().get(0);
    }

    /** The names of the environment variables the StatefulSet gives the gateway container. */
    static List<String> environmentNames() throws IOException {
        return gatewayContainer().getEnv().stream().map(EnvVar::getName).toList();
    }

    /** The gateway's application.properties, as the ConfigMap holds it. */
    static Properties applicationProperties() throws IOException {
        Properties properties = new Properties();
        properties.load(new StringReader(load(CONFIG_MAP, ConfigMap.class).getData().get("application.properties")));
        return properties;
    }
}
