package io.rmpcoap.routes;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * routes/README.md documents every rmp.gateway.* property with its default: the table must name exactly the
 * placeholders of the Java route and of the YAML route, each with the one default both spell.
 */
class GatewayPropertiesDocTest {

    private static final String REQUIRED = "required";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\?)?(rmp\\.gateway\\.[A-Za-z][A-Za-z.]*)(?::([^}]*))?}}");
    private static final Pattern ROW = Pattern.compile("^\\| `(rmp\\.gateway\\.[A-Za-z][A-Za-z.]*)` \\| ([^|]+) \\|", Pattern.MULTILINE);

    /** Property → default ("" when optional without a default, REQUIRED when neither), from placeholder texts. */
    private static Map<String, String> properties(List<String> texts) {
        Map<String, String> defaults = new TreeMap<>();
        for (String text : texts) {
            Matcher placeholder = PLACEHOLDER.matcher(text);
            while (placeholder.find()) {
                String value = placeholder.group(3) != null ? placeholder.group(3)
                        : placeholder.group(1) != null ? "" : REQUIRED;
                String before = defaults.putIfAbsent(placeholder.group(2), value);
                assertTrue(before == null || before.equals(value),
                        placeholder.group(2) + " has two defaults: " + before + " and " + value);
            }
        }
        return defaults;
    }

    private static Map<String, String> javaRoute() throws Exception {
        List<String> texts = new ArrayList<>(List.of(GatewayCredentialsCheck.ARGUMENTS));
        for (Field field : GatewayProperties.class.getDeclaredFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                field.setAccessible(true);
                texts.add((String) field.get(null));
            }
        }
        return properties(texts);
    }

    private static Map<String, String> yamlRoute() throws Exception {
        try (InputStream in = GatewayPropertiesDocTest.class.getResourceAsStream("/io/rmpcoap/routes/rmp-gateway.yaml")) {
            assertNotNull(in);
            return properties(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    private static Map<String, String> documented() throws Exception {
        Map<String, String> table = new TreeMap<>();
        Matcher row = ROW.matcher(Files.readString(Path.of("README.md")));
        while (row.find()) {
            String cell = row.group(2).trim();
            table.put(row.group(1), cell.equals("none") ? "" : cell.replace("`", ""));
        }
        return table;
    }

    @Test
    void everyPropertyOfBothRoutesIsDocumentedWithItsDefault() throws Exception {
        Map<String, String> java = javaRoute();
        assertTrue(java.size() >= 19, "the Java route reads only " + java.keySet());
        assertEquals(java, yamlRoute(), "the Java and YAML routes read different properties or defaults");
        assertEquals(java, documented(), "routes/README.md's table differs from the routes");
    }
}
