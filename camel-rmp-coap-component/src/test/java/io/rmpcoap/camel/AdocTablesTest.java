package io.rmpcoap.camel;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The option and header tables of {@code src/main/docs/rmpcoap-component.adoc} are written from the catalog
 * {@code rmpcoap.json} the build generates, so that the adoc reads on its own (Camel's {@code include::partial$...}
 * renders only on Camel's website). This test fails when they disagree; run it with {@code -Drmpcoap.docs.update=true}
 * to rewrite the tables:
 * {@code mvn -B -o verify -pl camel-rmp-coap-component -Dtest=AdocTablesTest -Drmpcoap.docs.update=true}.
 */
class AdocTablesTest {

    private static final Path ADOC = Path.of("src/main/docs/rmpcoap-component.adoc");
    private static final String OPTIONS_START = "// component options: START";
    private static final String OPTIONS_END = "// component options: END";
    private static final String HEADERS_START = "// component headers: START";
    private static final String HEADERS_END = "// component headers: END";

    private static JsonObject catalog() throws Exception {
        try (InputStream in = AdocTablesTest.class.getResourceAsStream("/META-INF/io/rmpcoap/camel/rmpcoap.json")) {
            return (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    @Test
    void optionAndHeaderTablesInTheAdocMatchTheCatalog() throws Exception {
        JsonObject catalog = catalog();
        String adoc = Files.readString(ADOC, StandardCharsets.UTF_8);
        String expected = replace(replace(adoc, OPTIONS_START, OPTIONS_END, options(catalog)), HEADERS_START, HEADERS_END,
                headers(catalog));
        if (Boolean.getBoolean("rmpcoap.docs.update")) {
            Files.writeString(ADOC, expected, StandardCharsets.UTF_8);
        }
        assertEquals(expected, adoc, "the adoc's tables differ from rmpcoap.json: rerun this test with "
                                     + "-Drmpcoap.docs.update=true and commit the adoc");
    }

    @Test
    void catalogTextHasNoMangledJavadocAndTheProducerIsAsync() throws Exception {
        String json = catalog().toJson();
        assertFalse(json.contains("{code") || json.contains("{@") || json.contains("{link"),
                "Javadoc tags in an option's Javadoc are mangled by the catalog generator: write plain text");
        assertEquals(Boolean.TRUE, ((JsonObject) catalog().get("component")).getBoolean("async"));
        assertTrue(((JsonObject) ((JsonObject) catalog().get("properties")).get("provider")).getString("description")
                .contains("rmpcoap:/valve with provider=#device1"), "no character is lost");
    }

    private static String replace(String adoc, String start, String end, String content) {
        int from = adoc.indexOf(start);
        int to = adoc.indexOf(end);
        assertTrue(from >= 0 && to > from, "markers " + start + " / " + end + " are missing in " + ADOC);
        return adoc.substring(0, from + start.length()) + "\n" + content + adoc.substring(to);
    }

    private static String options(JsonObject catalog) {
        StringBuilder out = new StringBuilder();
        JsonObject component = (JsonObject) catalog.get("componentProperties");
        out.append("=== Component options\n\nSet once for all endpoints, e.g. `camel.component.rmpcoap.timeout = 5000`; the "
                   + "endpoint options below with the same name can be set here too, as defaults.\n\n");
        table(out, component, true);
        JsonObject endpoint = (JsonObject) catalog.get("properties");
        out.append("\n=== Endpoint options\n\nSyntax: `").append(((JsonObject) catalog.get("component")).getString("syntax"))
                .append("`, options as URI query parameters (or YAML `parameters`).\n\n");
        table(out, endpoint, true);
        return out.toString();
    }

    private static String headers(JsonObject catalog) {
        StringBuilder out = new StringBuilder("=== Message headers\n\n");
        table(out, (JsonObject) catalog.get("headers"), false);
        return out.toString();
    }

    private static void table(StringBuilder out, JsonObject entries, boolean options) {
        out.append("[width=\"100%\",cols=\"2,5,^1,2\",options=\"header\"]\n|===\n| Name | Description | Default | Type\n");
        for (Map.Entry<String, Object> entry : entries.entrySet()) {
            JsonObject option = (JsonObject) entry.getValue();
            String description = option.getString("description");
            StringBuilder facts = new StringBuilder();
            if (option.get("enum") != null) {
                facts.append(" Values: ").append(String.join(", ", (java.util.List<String>) option.get("enum"))).append('.');
            }
            if (Boolean.TRUE.equals(option.getBoolean("required"))) {
                facts.append(" Required.");
            }
            if (Boolean.TRUE.equals(option.getBoolean("secret"))) {
                facts.append(" Secret: masked in logs and endpoint URIs.");
            }
            String label = option.getString("label");
            String name = options && label != null && !label.isEmpty() ? entry.getKey() + " (" + label + ")" : entry.getKey();
            Object defaultValue = option.get("defaultValue");
            String type = option.getString("type") != null ? option.getString("type") : option.getString("javaType");
            out.append("| *").append(name).append("* | ").append(cell(description + facts)).append(" | ")
                    .append(defaultValue == null ? "" : cell(String.valueOf(defaultValue))).append(" | ")
                    .append(cell(type)).append('\n');
        }
        out.append("|===\n");
    }

    /** AsciiDoc table cell text: a '|' would end the cell. */
    private static String cell(String text) {
        return text.replace("|", "\\|").replace("\n", " ");
    }
}
