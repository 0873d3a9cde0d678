package io.rmpcoap.routes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.lang.reflect.Method;
import java.util.Collection;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Kamelets and the Kubernetes manifests against the rules of their schemas: a Kamelet's definition is a valid
 * JSON Schema (draft 07) object whose properties each have a title, description and type, every {{placeholder}} of its template is
 * defined, required properties exist, and secrets are {@code format: password}; the Camel K Integration loads the
 * bundled route (not a copy) and the UDP Service serves the port the gateway listens on.
 */
class DeploymentDescriptorsTest {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\??([A-Za-z0-9_.-]+)}}");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> yaml(InputStream in) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromInputStream(in);
    }

    private static Map<String, Object> classpathYaml(String resource) throws IOException {
        try (InputStream in = DeploymentDescriptorsTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource);
            return yaml(in);
        }
    }

    private static Map<String, Object> fileYaml(String path) throws IOException {
        try (InputStream in = Files.newInputStream(Path.of(path))) {
            return yaml(in);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String... path) {
        Map<String, Object> current = parent;
        for (String key : path) {
            current = (Map<String, Object>) current.get(key);
            assertNotNull(current, "missing " + key);
        }
        return current;
    }

    @ParameterizedTest
    @ValueSource(strings = { "rmpcoap-source", "rmpcoap-sink" })
    @SuppressWarnings("unchecked")
    void kameletDefinitionsAreCompleteAndSecretsArePasswords(String name) throws Exception {
        Map<String, Object> kamelet = classpathYaml("/kamelets/" + name + ".kamelet.yaml");
        assertEquals("camel.apache.org/v1", kamelet.get("apiVersion"));
        assertEquals("Kamelet", kamelet.get("kind"));
        assertEquals(name, map(kamelet, "metadata").get("name"));
        assertEquals(name.substring(name.indexOf('-') + 1),
                map(kamelet, "metadata", "labels").get("camel.apache.org/kamelet.type"));

        Map<String, Object> definition = map(kamelet, "spec", "definition");
        assertEquals("object", definition.get("type"));
        Map<String, Object> properties = map(definition, "properties");
        for (Object required : (List<Object>) definition.get("required")) {
            assertTrue(properties.containsKey(required), "required " + required + " is not a property");
        }
        for (Map.Entry<String, Object> property : properties.entrySet()) {
            Map<String, Object> schema = (Map<String, Object>) property.getValue();
            for (String field : List.of("title", "description", "type")) {
                assertNotNull(schema.get(field), property.getKey() + " has no " + field);
            }
            assertTrue(List.of("string", "integer", "boolean", "number").contains(schema.get("type")), property.getKey());
            boolean secret = property.getKey().matches("(?i).*(password|key)$") && !property.getKey().equals("pskStoreFile");
            assertEquals(secret, "password".equals(schema.get("format")), property.getKey() + " format");
        }

        String template = new org.snakeyaml.engine.v2.api.Dump(
                org.snakeyaml.engine.v2.api.DumpSettings.builder().build()).dumpToString(map(kamelet, "spec", "template"));
        Matcher placeholders = PLACEHOLDER.matcher(template);
        List<String> used = new ArrayList<>();
        while (placeholders.find()) {
            used.add(placeholders.group(1));
        }
        assertFalse(used.isEmpty());
        for (String placeholder : used) {
            assertTrue(properties.containsKey(placeholder), "template uses undefined {{" + placeholder + "}}");
        }
        assertTrue(used.containsAll(properties.keySet()), "defined but unused properties: " + properties.keySet());
    }

    @ParameterizedTest
    @ValueSource(strings = { "rmpcoap-source", "rmpcoap-sink" })
    void kameletDefinitionIsAValidJsonSchemaThatAcceptsItsExampleAndRejectsBadProperties(String name) throws Exception {
        ObjectMapper json = new ObjectMapper();
        JsonNode definition = json.valueToTree(map(classpathYaml("/kamelets/" + name + ".kamelet.yaml"), "spec", "definition"));
        SchemaRegistry registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_7);
        List<Error> metaErrors = registry.getSchema(SchemaLocation.of("http://json-schema.org/draft-07/schema#"))
                .validate(definition);
        assertTrue(metaErrors.isEmpty(), "not a draft-07 JSON Schema: " + metaErrors);

        Schema schema = registry.getSchema(SchemaLocation.DOCUMENT, definition);
        String example = definition.at("/properties/address/example").asText();
        assertTrue(schema.validate(json.readTree("{\"address\":\"" + example + "\"}")).isEmpty());
        assertFalse(schema.validate(json.readTree("{}")).isEmpty(), "address is required");
        assertFalse(schema.validate(json.readTree("{\"address\":7}")).isEmpty(), "address is a string");
        if (name.endsWith("sink")) {
            assertFalse(schema.validate(json.readTree("{\"address\":\"" + example + "\",\"messageType\":\"ACK\"}"))
                    .isEmpty(), "messageType is CON or NON");
            assertFalse(schema.validate(json.readTree("{\"address\":\"" + example + "\",\"timeout\":\"soon\"}"))
                    .isEmpty(), "timeout is an integer");
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void camelKIntegrationRunsTheBundledRouteAndTheUdpServiceServesItsPort() throws Exception {
        Map<String, Object> integration = fileYaml("../deploy/kubernetes/rmp-gateway.integration.yaml");
        assertEquals("Integration", integration.get("kind"));
        List<String> dependencies = (List<String>) map(integration, "spec").get("dependencies");
        assertTrue(dependencies.contains("mvn:io.rmpcoap:camel-rmp-coap-routes:1.0.0-SNAPSHOT"), dependencies.toString());
        // the components the route uses, no other: its HTTP leg is vertx-http
        assertTrue(dependencies.containsAll(List.of("camel:vertx-http", "camel:yaml-dsl")), dependencies.toString());
        assertFalse(dependencies.contains("camel:http"), dependencies.toString());

        List<String> properties = (List<String>) map(integration, "spec", "traits", "camel").get("properties");
        String include = properties.stream().filter(p -> p.startsWith("camel.main.routes-include-pattern="))
                .findFirst().orElseThrow().substring("camel.main.routes-include-pattern=classpath:".length());
        assertNotNull(getClass().getResource("/" + include), "the Integration names a route the artifact does not ship");
        String listen = properties.stream().filter(p -> p.startsWith("rmp.gateway.listen=")).findFirst().orElseThrow();
        int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        for (String property : properties) {
            assertFalse(property.matches("(?i).*(pskKey|password|key=).*"), "a secret inline in the manifest: " + property);
        }

        Map<String, Object> service = fileYaml("../deploy/kubernetes/rmp-gateway.service.yaml");
        assertEquals("Service", service.get("kind"));
        assertEquals("rmp-gateway", map(service, "spec", "selector").get("camel.apache.org/integration"));
        Map<String, Object> servicePort = ((List<Map<String, Object>>) map(service, "spec").get("ports")).get(0);
        assertEquals("UDP", servicePort.get("protocol"));
        assertEquals(port, servicePort.get("targetPort"));
    }

    // ----------------------------------------------------------------------------------- deploy/kubernetes/cluster

    @ParameterizedTest
    @ValueSource(strings = { ClusterManifests.CONFIG_MAP, ClusterManifests.SECRET, ClusterManifests.STATEFUL_SET,
                             ClusterManifests.HEADLESS_SERVICE, ClusterManifests.LOAD_BALANCER_SERVICE })
    void clusterManifestsAreObjectsOfTheirKindsWithNoFieldTheKubernetesApiLacks(String file) throws Exception {
        Class<? extends HasMetadata> type = ClusterManifests.KINDS.get(file);
        HasMetadata object = ClusterManifests.load(file, type);
        assertEquals(HasMetadata.getApiVersion(type), object.getApiVersion(), file);
        assertEquals(HasMetadata.getKind(type), object.getKind(), file);
        assertTrue(object.getMetadata().getName().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?"), file);
        assertNoUnknownFields(object, file);
    }

    @Test
    void aMisspelledFieldOrAValueOfTheWrongTypeFailsTheManifestCheck() throws Exception {
        String manifest = Files.readString(ClusterManifests.DIR.resolve(ClusterManifests.STATEFUL_SET));
        StatefulSet misspelled = ClusterManifests.parse(manifest.replace("  replicas: 3", "  replica: 3"), StatefulSet.class);
        AssertionError unknown = assertThrows(AssertionError.class, () -> assertNoUnknownFields(misspelled, "set"));
        assertTrue(unknown.getMessage().contains("[replica]"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ClusterManifests.parse(
                manifest.replace("containerPort: 5684", "containerPort: coaps-port"), StatefulSet.class));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theKustomizationAppliesEveryClusterManifest() throws Exception {
        Map<String, Object> kustomization = ClusterManifests.yaml("kustomization.yaml");
        assertEquals("Kustomization", kustomization.get("kind"));
        assertEquals(ClusterManifests.KINDS.keySet(), Set.copyOf((List<String>) kustomization.get("resources")));
        try (var files = Files.list(ClusterManifests.DIR)) {
            assertEquals(ClusterManifests.KINDS.size() + 1, files.count(), "a manifest the kustomization does not apply");
        }
    }

    /** Fields the model has no property for land in additionalProperties: at any depth, there must be none. */
    private static void assertNoUnknownFields(Object node, String path) throws Exception {
        if (node instanceof Collection<?> list) {
            int i = 0;
            for (Object element : list) {
                assertNoUnknownFields(element, path + "[" + i++ + "]");
            }
        } else if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                assertNoUnknownFields(entry.getValue(), path + "." + entry.getKey());
            }
        } else if (node != null && node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            for (Method getter : node.getClass().getMethods()) {
                if (getter.getParameterCount() == 0 && getter.getName().startsWith("get")
                    && getter.getDeclaringClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
                    Object value = getter.invoke(node);
                    if (getter.getName().equals("getAdditionalProperties")) {
                        assertTrue(((Map<?, ?>) value).isEmpty(), path + " has fields its kind lacks: " + ((Map<?, ?>) value).keySet());
                    } else {
                        assertNoUnknownFields(value, path + "." + getter.getName().substring(3));
                    }
                }
            }
        }
    }

    @Test
    void everyPropertyAndVariableTheReplicasReadIsSetAndNoSecretIsInline() throws Exception {
        StatefulSet set = ClusterManifests.statefulSet();
        Container gateway = ClusterManifests.gatewayContainer();
        Properties properties = ClusterManifests.applicationProperties();
        Map<String, VolumeMount> mounts = gateway.getVolumeMounts().stream()
                .collect(Collectors.toMap(VolumeMount::getName, mount -> mount));
        Map<String, Volume> volumes = set.getSpec().getTemplate().getSpec().getVolumes().stream()
                .collect(Collectors.toMap(Volume::getName, volume -> volume));

        // the command reads the ConfigMap's application.properties where the ConfigMap is mounted
        List<String> command = gateway.getCommand();
        String location = command.get(command.indexOf("-pl") + 1);
        Volume config = volumes.get("config");
        assertEquals("rmp-gateway-cluster", config.getConfigMap().getName());
        assertEquals("file:" + mounts.get("config").getMountPath() + "/application.properties", location);
        // the class path is what the init container fetched with the ConfigMap's pom.xml
        String lib = mounts.get("deployments").getMountPath() + "/lib";
        assertEquals(lib + "/*", command.get(command.indexOf("-cp") + 1));
        List<String> fetch = set.getSpec().getTemplate().getSpec().getInitContainers().get(0).getCommand();
        assertTrue(fetch.contains(mounts.get("config").getMountPath() + "/pom.xml"), fetch.toString());
        assertTrue(fetch.contains("-DoutputDirectory=" + lib), fetch.toString());
        assertNotNull(ClusterManifests.load(ClusterManifests.CONFIG_MAP, ConfigMap.class).getData().get("pom.xml"));

        // what the route needs is there; every rmp.gateway.* property is one the bundled route reads
        String route;
        try (InputStream in = getClass().getResourceAsStream("/" + properties.getProperty("camel.main.routes-include-pattern")
                .substring("classpath:".length()))) {
            assertNotNull(in, "the route the ConfigMap names is not in the routes jar");
            route = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
        for (String required : List.of("rmp.gateway.listen", "rmp.gateway.allowedTargets", "rmp.gateway.pskStoreFile",
                "rmp.gateway.connectionIdLength", "rmp.gateway.cluster.nodeId", "rmp.gateway.cluster.nodes",
                "rmp.gateway.cluster.managementAddress", "rmp.gateway.cluster.secret", "rmp.gateway.sessionStoreFile",
                "rmp.gateway.sessionStorePassword", "camel.management.port")) {
            assertFalse(properties.getProperty(required, "").isBlank(), required + " is not set");
        }
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith("rmp.gateway.")) {
                assertTrue(Pattern.compile("\\{\\{\\??" + Pattern.quote(key) + "[:}]").matcher(route).find(),
                        key + " is not a property the route reads");
            }
        }

        // every {{env:NAME}} is set by the container, secrets only from the Secret, and no secret is inline
        Secret secret = ClusterManifests.load(ClusterManifests.SECRET, Secret.class);
        Map<String, EnvVar> env = gateway.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, variable -> variable));
        Matcher variables = Pattern.compile("\\{\\{env:([A-Z_]+)}}").matcher(String.join("\n",
                properties.stringPropertyNames().stream().map(properties::getProperty).toList()));
        Set<String> used = new java.util.TreeSet<>();
        while (variables.find()) {
            used.add(variables.group(1));
        }
        assertEquals(env.keySet(), used, "variables the container sets and application.properties reads");
        for (String key : properties.stringPropertyNames()) {
            if (key.matches("(?i).*(secret|password|key)$")) {
                String name = properties.getProperty(key).replaceAll("^\\{\\{env:([A-Z_]+)}}$", "$1");
                assertTrue(env.containsKey(name), key + " is written inline, not read from the Secret");
                var reference = env.get(name).getValueFrom().getSecretKeyRef();
                assertEquals(secret.getMetadata().getName(), reference.getName(), key);
                assertTrue(secret.getStringData().containsKey(reference.getKey()), key + ": the Secret has no " + reference.getKey());
            }
        }
        assertEquals("metadata.labels['apps.kubernetes.io/pod-index']",
                env.get("POD_INDEX").getValueFrom().getFieldRef().getFieldPath(), "the node id is the pod's ordinal");

        // the device store is the Secret's devices.properties, the session store on the pod's own volume
        assertEquals("file:" + mounts.get("secret").getMountPath() + "/devices.properties",
                properties.getProperty("rmp.gateway.pskStoreFile"));
        assertEquals(secret.getMetadata().getName(), volumes.get("secret").getSecret().getSecretName());
        assertTrue(secret.getStringData().containsKey("devices.properties"));
        String claim = set.getSpec().getVolumeClaimTemplates().get(0).getMetadata().getName();
        assertTrue(properties.getProperty("rmp.gateway.sessionStoreFile").startsWith(mounts.get(claim).getMountPath() + "/"));
        assertFalse(volumes.containsKey(claim), "the session store must be the pod's own claim, not a shared volume");
    }

    @Test
    void portsAndNamesAgreeBetweenServicesStatefulSetAndProperties() throws Exception {
        StatefulSet set = ClusterManifests.statefulSet();
        Container gateway = ClusterManifests.gatewayContainer();
        Properties properties = ClusterManifests.applicationProperties();
        Map<String, ContainerPort> ports = gateway.getPorts().stream()
                .collect(Collectors.toMap(ContainerPort::getName, port -> port));
        Map<String, String> podLabels = set.getSpec().getTemplate().getMetadata().getLabels();
        assertTrue(podLabels.entrySet().containsAll(set.getSpec().getSelector().getMatchLabels().entrySet()));

        // devices: the LoadBalancer's UDP 5684 reaches the port the gateway listens on
        String listen = properties.getProperty("rmp.gateway.listen");
        Service coaps = ClusterManifests.load(ClusterManifests.LOAD_BALANCER_SERVICE, Service.class);
        assertEquals("LoadBalancer", coaps.getSpec().getType());
        assertEquals("Local", coaps.getSpec().getExternalTrafficPolicy());
        assertTrue(podLabels.entrySet().containsAll(coaps.getSpec().getSelector().entrySet()));
        ServicePort devicePort = coaps.getSpec().getPorts().get(0);
        assertEquals("UDP", devicePort.getProtocol());
        assertEquals(5684, devicePort.getPort());
        ContainerPort coapsPort = ports.get(devicePort.getTargetPort().getStrVal());
        assertEquals("UDP", coapsPort.getProtocol());
        assertEquals(Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1)), coapsPort.getContainerPort(), listen);

        // the management channel: one node per replica, named by the headless Service, on the cluster port
        Service headless = ClusterManifests.load(ClusterManifests.HEADLESS_SERVICE, Service.class);
        assertEquals("None", headless.getSpec().getClusterIP());
        assertEquals(headless.getMetadata().getName(), set.getSpec().getServiceName());
        assertEquals(Boolean.TRUE, headless.getSpec().getPublishNotReadyAddresses(), "starting replicas must find their peers");
        assertTrue(podLabels.entrySet().containsAll(headless.getSpec().getSelector().entrySet()));
        ServicePort clusterPort = headless.getSpec().getPorts().get(0);
        ContainerPort cluster = ports.get(clusterPort.getTargetPort().getStrVal());
        assertEquals("UDP", clusterPort.getProtocol());
        assertEquals("UDP", cluster.getProtocol());
        assertEquals(clusterPort.getPort(), cluster.getContainerPort());
        List<String> nodes = List.of(properties.getProperty("rmp.gateway.cluster.nodes").split(","));
        assertEquals(set.getSpec().getReplicas(), nodes.size(), "one node per replica");
        for (int i = 0; i < nodes.size(); i++) {
            assertEquals(i + "=" + set.getMetadata().getName() + "-" + i + "." + headless.getMetadata().getName() + ":"
                         + cluster.getContainerPort(), nodes.get(i));
        }
        String management = properties.getProperty("rmp.gateway.cluster.managementAddress");
        assertEquals(cluster.getContainerPort(), Integer.parseInt(management.substring(management.lastIndexOf(':') + 1)));
        assertTrue(Integer.parseInt(properties.getProperty("rmp.gateway.connectionIdLength")) >= 5,
                "the cluster needs a Connection ID");

        // health: the probes ask camel-observability-services on camel.management.port
        ContainerPort http = ports.get("management");
        assertEquals(Integer.parseInt(properties.getProperty("camel.management.port")), http.getContainerPort());
        for (Probe probe : List.of(gateway.getReadinessProbe(), gateway.getLivenessProbe(), gateway.getStartupProbe())) {
            assertEquals("management", probe.getHttpGet().getPort().getStrVal());
            assertTrue(probe.getHttpGet().getPath().startsWith("/observe/health"));
        }
        assertEquals("/observe/health/ready", gateway.getReadinessProbe().getHttpGet().getPath());
    }
}
