package io.rmpcoap.camel;

import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generated catalog JSON documents every option and header, and marks the secrets. */
class CatalogTest {

    private static JsonObject catalog() throws Exception {
        try (InputStream in = CatalogTest.class.getResourceAsStream("/META-INF/io/rmpcoap/camel/rmpcoap.json")) {
            assertNotNull(in, "rmpcoap.json is not generated");
            return (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        }
    }

    @Test
    void everyOptionAndHeaderIsDocumented() throws Exception {
        JsonObject catalog = catalog();
        List<String> undocumented = new ArrayList<>();
        for (String section : List.of("componentProperties", "properties", "headers")) {
            JsonObject entries = (JsonObject) catalog.get(section);
            assertTrue(entries != null && !entries.isEmpty(), section);
            for (Map.Entry<String, Object> entry : entries.entrySet()) {
                String description = ((JsonObject) entry.getValue()).getString("description");
                if (description == null || description.isBlank()) {
                    undocumented.add(section + "." + entry.getKey());
                }
            }
        }
        assertTrue(undocumented.isEmpty(), "undocumented: " + undocumented);
        assertEquals("rmpcoap", ((JsonObject) catalog.get("component")).getString("scheme"));
    }

    @Test
    void secretsAreMarkedSecret() throws Exception {
        JsonObject properties = (JsonObject) catalog().get("properties");
        for (String secret : List.of("pskKey", "pskPassword", "trustStorePassword", "keyStorePassword")) {
            assertEquals(Boolean.TRUE, ((JsonObject) properties.get(secret)).getBoolean("secret"), secret);
        }
    }
}
