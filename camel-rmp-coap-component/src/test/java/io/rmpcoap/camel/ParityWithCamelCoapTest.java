package io.rmpcoap.camel;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * camel-coap 4.17.0's own catalog (coap.json in its jar, a test-scoped dependency) is the checklist of what an
 * integrator moving to rmpcoap must not lose: each of its options (component and endpoint) and headers has a
 * same-named rmpcoap option or a row in the table of the adoc's "Coming from camel-coap" section, which says what takes
 * its place.
 */
class ParityWithCamelCoapTest {

    private static final Path ADOC = Path.of("src/main/docs/rmpcoap-component.adoc");
    private static final String TABLE_START = "// camel-coap parity: START";
    private static final String TABLE_END = "// camel-coap parity: END";
    /** The first cell of a row: the camel-coap name in backticks, e.g. | `coapMethodRestrict`. */
    private static final Pattern ROW = Pattern.compile("^\\| `([^`]+)`");

    private static JsonObject json(String resource) throws Exception {
        try (InputStream in = ParityWithCamelCoapTest.class.getResourceAsStream(resource)) {
            assertNotNull(in, resource + " is not on the test classpath");
            return (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static Set<String> names(JsonObject catalog, String... sections) {
        Set<String> names = new LinkedHashSet<>();
        for (String section : sections) {
            JsonObject entries = (JsonObject) catalog.get(section);
            if (entries != null) {
                names.addAll(entries.keySet());
            }
        }
        return names;
    }

    /** camel-coap's options, headers and schemes (coap, coaps, coap+tcp, coaps+tcp). */
    private static Set<String> camelCoap() throws Exception {
        JsonObject catalog = json("/META-INF/org/apache/camel/coap/coap.json");
        JsonObject component = (JsonObject) catalog.get("component");
        assertEquals("4.17.0", component.getString("version"), "the checklist is camel-coap 4.17.0");
        Set<String> names = names(catalog, "componentProperties", "properties", "headers");
        for (String scheme : component.getString("alternativeSchemes").split(",")) {
            names.add(scheme + ":");
        }
        return names;
    }

    /** The camel-coap names of the rows of the parity table. */
    private static List<String> tableRows() throws Exception {
        String adoc = Files.readString(ADOC, StandardCharsets.UTF_8);
        int from = adoc.indexOf(TABLE_START);
        int to = adoc.indexOf(TABLE_END);
        assertTrue(from >= 0 && to > from, "markers " + TABLE_START + " / " + TABLE_END + " are missing in " + ADOC);
        List<String> rows = new ArrayList<>();
        // a row is a block of cells, one a line, after a blank line; its first cell is the camel-coap name
        for (String block : adoc.substring(from, to).split("\n\s*\n")) {
            Matcher row = ROW.matcher(block.strip());
            if (row.find()) {
                rows.add(row.group(1));
            }
        }
        return rows;
    }

    @Test
    void everyCamelCoapOptionAndHeaderHasASameNamedOptionOrARowInTheAdoc() throws Exception {
        Set<String> rmpcoap = names(json("/META-INF/io/rmpcoap/camel/rmpcoap.json"), "componentProperties", "properties");
        List<String> rows = tableRows();
        List<String> lost = new ArrayList<>();
        for (String name : camelCoap()) {
            if (!rmpcoap.contains(name) && !rows.contains(name)) {
                lost.add(name);
            }
        }
        assertTrue(lost.isEmpty(), "camel-coap options/headers with neither a same-named rmpcoap option nor a row in the "
                                   + "\"Coming from camel-coap\" table of " + ADOC + ": " + lost);
    }

    @Test
    void theTableHasOneRowPerCamelCoapOptionHeaderAndSchemeAndNoOther() throws Exception {
        Set<String> camelCoap = camelCoap();
        List<String> rows = tableRows();
        List<String> missing = new ArrayList<>(camelCoap);
        missing.removeAll(rows);
        List<String> unknown = new ArrayList<>(rows);
        unknown.removeAll(camelCoap);
        assertTrue(missing.isEmpty(), "rows missing for " + missing);
        assertTrue(unknown.isEmpty(), "rows for names camel-coap 4.17.0 does not have: " + unknown);
        assertEquals(new LinkedHashSet<>(rows).size(), rows.size(), "one row per name: " + rows);
    }
}
