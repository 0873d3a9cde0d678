package io.rmpcoap.routes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
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
}
