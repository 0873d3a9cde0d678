package io.rmpcoap.routes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;

import java.util.stream.Stream;

import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.model.ModelCamelContext;
import org.apache.camel.model.ProcessorDefinitionHelper;
import org.apache.camel.model.ToDefinition;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Java route and its YAML twin resolve the same rmp.gateway.* properties, with the same defaults, to the same
 * endpoints: a default or a property changed in one and not the other fails here.
 */
class GatewayTwinsTest {

    @TempDir
    static Path dir;

    /** The endpoints the route definitions name, created (so every placeholder resolves) but not started. */
    private static List<String> endpoints(boolean yaml, Properties properties) throws Exception {
        ModelCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setOverrideProperties(properties);
        if (yaml) {
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(context, "classpath:io/rmpcoap/routes/rmp-gateway.yaml"));
        } else {
            context.addRoutes(new GatewayRouteBuilder());
        }
        try {
            return context.getRouteDefinitions().stream()
                    .flatMap(route -> Stream.concat(Stream.of(route.getInput().getEndpointUri()),
                            ProcessorDefinitionHelper.filterTypeInOutputs(route.getOutputs(), ToDefinition.class).stream()
                                    .map(ToDefinition::getEndpointUri)))
                    .map(uri -> context.getEndpoint(uri).getEndpointUri())
                    .sorted().toList();
        } finally {
            context.stop();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "defaults", "all set", "no security", "sessions", "cluster" })
    void javaAndYamlResolveToTheSameEndpoints(String variant) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("rmp.gateway.allowedTargets", "https://api.example.com/composite/");
        if (variant.equals("defaults")) {
            properties.setProperty("rmp.gateway.pskIdentity", "hello");
            properties.setProperty("rmp.gateway.pskKey", "486ea46224d1bb4fb680f34f7c9ad96a8f24ec88be73ea8e5a6c65260e9cb8a7");
        }
        if (variant.equals("no security")) {
            properties.setProperty("rmp.gateway.listen", "coap://127.0.0.1:15683");
        }
        if (variant.equals("all set")) {
            Path store = Files.createTempFile(dir, "devices", ".properties");
            properties.setProperty("rmp.gateway.listen", "coaps://127.0.0.1:15684");
            properties.setProperty("rmp.gateway.pskStoreFile", "file:" + store);
            properties.setProperty("rmp.gateway.pskIdentity", "hello");
            properties.setProperty("rmp.gateway.pskKey", "486ea46224d1bb4fb680f34f7c9ad96a8f24ec88be73ea8e5a6c65260e9cb8a7");
            properties.setProperty("rmp.gateway.keyStore", "file:server.p12");
            properties.setProperty("rmp.gateway.keyStorePassword", "changeit");
            properties.setProperty("rmp.gateway.keyStoreType", "JKS");
            properties.setProperty("rmp.gateway.trustStore", "file:ca.p12");
            properties.setProperty("rmp.gateway.trustStorePassword", "changeit");
            properties.setProperty("rmp.gateway.clientAuthentication", "WANTED");
            properties.setProperty("rmp.gateway.cipherSuites", "TLS_PSK_WITH_AES_128_CCM_8");
            properties.setProperty("rmp.gateway.workerQueueSize", "10");
            properties.setProperty("rmp.gateway.separateResponseDelay", "200");
            properties.setProperty("rmp.gateway.shutdownDrainTime", "2500");
            properties.setProperty("rmp.gateway.maxPayloadSize", "2048");
            properties.setProperty("rmp.gateway.workerPoolSize", "3");
            properties.setProperty("rmp.gateway.httpConnectTimeout", "700");
            properties.setProperty("rmp.gateway.httpResponseTimeout", "900");
            properties.setProperty("rmp.gateway.httpConnections", "5");
        }
        if (variant.equals("sessions")) {
            properties.setProperty("rmp.gateway.pskIdentity", "a");
            properties.setProperty("rmp.gateway.pskKey", "b");
            properties.setProperty("rmp.gateway.connectionIdLength", "4");
            properties.setProperty("rmp.gateway.sessionStoreFile", "/var/lib/rmp-gateway/sessions.bin");
            properties.setProperty("rmp.gateway.sessionStorePassword", "p&ss=word+1");
            properties.setProperty("rmp.gateway.sessionStoreMaxAge", "60000");
        }
        if (variant.equals("cluster")) {
            properties.setProperty("rmp.gateway.pskIdentity", "a");
            properties.setProperty("rmp.gateway.pskKey", "b");
            properties.setProperty("rmp.gateway.cluster.nodeId", "1");
            properties.setProperty("rmp.gateway.cluster.nodes", "0=gw-0.gw-mgmt:5700,1=gw-1.gw-mgmt:5700,2=[::1]:5700");
            properties.setProperty("rmp.gateway.cluster.managementAddress", "0.0.0.0:5701");
            properties.setProperty("rmp.gateway.cluster.secret", "cluster&secret=0123456789+");
        }
        List<String> java = endpoints(false, properties);
        List<String> yaml = endpoints(true, properties);
        assertEquals(2, java.size(), java.toString());
        assertTrue(java.stream().anyMatch(uri -> uri.startsWith("rmpcoap:")), java.toString());
        assertEquals(java, yaml);
        if (variant.equals("all set")) {
            // every property reaches an option: one that neither route reads would pass the comparison above
            String uris = String.join("&", java);
            for (String option : List.of("pskStoreFile=file%3A", "pskIdentity=hello", "pskKey=486ea4", "keyStore=file%3Aserver.p12",
                    "keyStorePassword=changeit", "keyStoreType=JKS", "trustStore=file%3Aca.p12", "trustStorePassword=changeit",
                    "clientAuthentication=WANTED", "cipherSuites=TLS_PSK_WITH_AES_128_CCM_8", "workerQueueSize=10",
                    "separateResponseDelay=200", "shutdownDrainTime=2500", "maxPayloadSize=2048", "workerPoolSize=3", "connectTimeout=700",
                    "timeout=900", "GatewayWebClientOptions%285%29", "GatewayHttpBinding%282048%29")) {
                assertTrue(uris.contains(option), option + " missing in " + java);
            }
        }
    }
}
