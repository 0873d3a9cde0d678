package io.rmpcoap.springboot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spring Boot configuration metadata IDEs complete from: one camel.component.rmpcoap.* entry per component option
 * of the component's catalog JSON (secrets marked), one rmp.gateway.* entry per placeholder of the bundled gateway.
 */
class StarterMetadataTest {

    private static final String SECRET = "This option is a secret";

    @Test
    void everyComponentOptionOfTheCatalogHasDocumentedMetadataWithSecretsMarked() throws Exception {
        Map<String, JsonObject> metadata = metadata();
        JsonObject catalog = (JsonObject) Jsoner.deserialize(text("META-INF/io/rmpcoap/camel/rmpcoap.json"));
        Map<String, Object> options = catalog.getMap("componentProperties");
        for (Map.Entry<String, Object> entry : options.entrySet()) {
            if (entry.getKey().equals("configuration")) {
                continue;
            }
            JsonObject option = (JsonObject) entry.getValue();
            String name = "camel.component.rmpcoap." + kebab(entry.getKey());
            JsonObject property = metadata.get(name);
            assertTrue(property != null, name + " has no metadata");
            String description = property.getString("description");
            assertTrue(description.startsWith(option.getString("description")), name + ": " + description);
            assertEquals(option.getBooleanOrDefault("secret", false), description.contains(SECRET), name + ": " + description);
        }
        assertEquals(Boolean.TRUE, metadata.get("camel.component.rmpcoap.psk-key").getString("description").contains(SECRET));
        assertEquals(RmpCoapComponentConfiguration.SECRET_OPTIONS,
                options.entrySet().stream().filter(e -> ((JsonObject) e.getValue()).getBooleanOrDefault("secret", false))
                        .map(Map.Entry::getKey).collect(Collectors.toSet()));
    }

    @Test
    void everyPlaceholderOfTheBundledGatewayHasMetadataWithItsDefault() throws Exception {
        Map<String, JsonObject> metadata = metadata();
        Matcher m = Pattern.compile("\\{\\{(rmp\\.gateway\\.[A-Za-z0-9.\\-]+)(?::([^}]*))?}}")
                .matcher(text("io/rmpcoap/routes/rmp-gateway.yaml"));
        TreeSet<String> seen = new TreeSet<>();
        while (m.find()) {
            JsonObject property = metadata.get(m.group(1));
            assertTrue(property != null, m.group(1) + " has no metadata");
            if (m.group(2) != null) {
                assertEquals(m.group(2), String.valueOf(property.get("defaultValue")), m.group(1));
            }
            seen.add(m.group(1));
        }
        assertFalse(seen.isEmpty());
        assertEquals("java.lang.Boolean", metadata.get("rmp.gateway.enabled").getString("type"));
        assertEquals(Boolean.FALSE, metadata.get("rmp.gateway.enabled").get("defaultValue"));
    }

    private static Map<String, JsonObject> metadata() throws Exception {
        JsonObject root = (JsonObject) Jsoner.deserialize(text("META-INF/spring-configuration-metadata.json"));
        JsonArray properties = root.getCollection("properties");
        return properties.stream().map(JsonObject.class::cast)
                .collect(Collectors.toMap(p -> p.getString("name"), p -> p, (a, b) -> a));
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(java.util.Locale.ROOT);
    }

    private static String text(String resource) throws IOException {
        try (InputStream in = StarterMetadataTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertTrue(in != null, resource + " is not on the classpath");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
