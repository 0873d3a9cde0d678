package io.rmpcoap.routes;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The bundled Kamelets follow the rules the Apache Camel Kamelets catalog checks its own with (its validator): file
 * name, type label and name suffix, titles, descriptions, icon and catalog annotations, credentials, declared versus
 * used properties, and dependencies for every component the template uses. Whatever properties a Kamelet declares,
 * the same rules hold; each broken rule is listed with the Kamelet and property it concerns.
 */
class KameletCatalogRulesTest {

    private static final Path DIR = Path.of("src/main/resources/kamelets");
    /** A property placeholder, as the catalog's validator finds them: {{name}}, {{?name}}, {{name:default}}. */
    private static final Pattern PARAMETER = Pattern.compile("\\{\\{\\??([A-Za-z0-9-._]+)(?::[^}]*)?}}");
    /** A component URI at the start of a template string: scheme followed by a colon. */
    private static final Pattern SCHEME = Pattern.compile("^([a-z][a-z0-9+-]*):");
    private static final Set<String> STOPWORDS = Set.of("a", "an", "and", "as", "at", "by", "for", "from", "in", "is",
            "of", "on", "or", "the", "to", "with");
    private static final Pattern SECRET_NAME = Pattern.compile("(?i).*(password|secret|token|key)$");

    @Test
    void bundledKameletsFollowTheCatalogRules() throws Exception {
        String version = componentVersion();
        List<String> broken = new ArrayList<>();
        Set<String> titles = new HashSet<>();
        Set<String> descriptions = new HashSet<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(DIR)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".kamelet.yaml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no Kamelets in " + DIR);
        for (Path file : files) {
            check(file, version, titles, descriptions, broken);
        }
        assertEquals(List.of(), broken);
    }

    @SuppressWarnings("unchecked")
    private static void check(Path file, String version, Set<String> titles, Set<String> descriptions, List<String> broken)
            throws IOException {
        Map<String, Object> kamelet = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(Files.readString(file, StandardCharsets.UTF_8));
        Map<String, Object> metadata = map(kamelet, "metadata");
        String name = String.valueOf(metadata.get("name"));
        String k = "Kamelet " + name + ": ";
        if (!file.getFileName().toString().equals(name + ".kamelet.yaml")) {
            broken.add(k + "file " + file.getFileName() + " does not match its name");
        }
        String type = String.valueOf(map(metadata, "labels").get("camel.apache.org/kamelet.type"));
        if (!Set.of("source", "sink", "action").contains(type)) {
            broken.add(k + "label camel.apache.org/kamelet.type is " + type + ", not source, sink or action");
        } else if (!name.endsWith("-" + type)) {
            broken.add(k + "name does not end with -" + type);
        }

        Map<String, Object> annotations = map(metadata, "annotations");
        String icon = String.valueOf(annotations.get("camel.apache.org/kamelet.icon"));
        if (!icon.startsWith("data:image/svg+xml;base64,")) {
            broken.add(k + "annotation camel.apache.org/kamelet.icon is not an SVG data URI");
        }
        if (!version.equals(annotations.get("camel.apache.org/catalog.version"))) {
            broken.add(k + "annotation camel.apache.org/catalog.version is not the project version " + version);
        }
        Object provider = annotations.get("camel.apache.org/provider");
        if (provider == null || provider.toString().isBlank() || provider.equals("Apache Software Foundation")) {
            broken.add(k + "annotation camel.apache.org/provider must name this project (not the ASF's own catalog)");
        }
        if (annotations.get("camel.apache.org/kamelet.support.level") == null) {
            broken.add(k + "annotation camel.apache.org/kamelet.support.level is missing");
        }

        Map<String, Object> spec = map(kamelet, "spec");
        Map<String, Object> definition = map(spec, "definition");
        String title = String.valueOf(definition.get("title"));
        String suffix = type.isEmpty() ? "" : Character.toUpperCase(type.charAt(0)) + type.substring(1);
        if (!title.endsWith(suffix)) {
            broken.add(k + "title '" + title + "' does not end with " + suffix);
        }
        String description = String.valueOf(definition.get("description"));
        if (description.isBlank() || "null".equals(description)) {
            broken.add(k + "has no description");
        }
        if (!titles.add(title) || !descriptions.add(description)) {
            broken.add(k + "title or description duplicates another Kamelet's");
        }
        if (!"object".equals(definition.get("type"))) {
            broken.add(k + "definition is not of type object");
        }
        Map<String, Object> properties = definition.get("properties") == null ? Map.of() : map(definition, "properties");
        List<Object> required = definition.get("required") == null ? List.of() : (List<Object>) definition.get("required");
        if (new HashSet<>(required).size() != required.size()) {
            broken.add(k + "lists a required property twice");
        }
        for (Object r : required) {
            if (!properties.containsKey(String.valueOf(r))) {
                broken.add(k + "required property " + r + " is not defined");
            }
        }
        properties.forEach((property, value) -> checkProperty(k + "property " + property + ": ", property,
                (Map<String, Object>) value, broken));

        Set<String> used = new TreeSet<>();
        Set<String> schemes = new TreeSet<>();
        walk(spec.get("template"), used, schemes);
        for (String p : used) {
            if (!properties.containsKey(p)) {
                broken.add(k + "uses property " + p + " that it does not declare");
            }
        }
        for (String p : properties.keySet()) {
            if (!used.contains(p)) {
                broken.add(k + "declares property " + p + " that its template never uses");
            }
        }
        List<Object> dependencies = spec.get("dependencies") == null ? List.of() : (List<Object>) spec.get("dependencies");
        for (String scheme : schemes) {
            String needed = scheme.equals("rmpcoap") ? "mvn:io.rmpcoap:camel-rmp-coap:" + version : "camel:" + scheme;
            if (!dependencies.contains(needed)) {
                broken.add(k + "uses " + scheme + ": but does not declare dependency " + needed);
            }
        }
    }

    private static void checkProperty(String p, String name, Map<String, Object> property, List<String> broken) {
        if (property.get("type") == null) {
            broken.add(p + "has no type");
        }
        String title = property.get("title") == null ? "" : property.get("title").toString();
        if (title.isBlank()) {
            broken.add(p + "has no title");
        } else if (title.startsWith("The ") || title.startsWith("A ") || title.startsWith("An ")) {
            broken.add(p + "title starts with an article");
        } else {
            for (String word : title.split(" ")) {
                if (!word.isEmpty() && !STOPWORDS.contains(word.toLowerCase(Locale.ROOT))
                    && Character.isLowerCase(word.charAt(0))) {
                    broken.add(p + "title word '" + word + "' is not capitalized");
                }
            }
        }
        if (property.get("description") == null || property.get("description").toString().isBlank()) {
            broken.add(p + "has no description");
        }
        boolean password = "password".equals(property.get("format"));
        Object descriptors = property.get("x-descriptors");
        if (password && !(descriptors instanceof List<?> list && list.contains("urn:camel:group:credentials"))) {
            broken.add(p + "has format password but not the x-descriptor urn:camel:group:credentials");
        }
        if (SECRET_NAME.matcher(name).matches() && !password) {
            broken.add(p + "is named like a credential but is not format: password");
        }
    }

    /** Collects the placeholders and the component schemes of URIs anywhere in the template. */
    private static void walk(Object node, Set<String> used, Set<String> schemes) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((key, value) -> {
                if ("uri".equals(key) || "to".equals(key) || "from".equals(key)) {
                    if (value instanceof String uri) {
                        Matcher m = SCHEME.matcher(uri);
                        if (m.find()) {
                            schemes.add(m.group(1));
                        }
                    }
                }
                walk(value, used, schemes);
            });
        } else if (node instanceof List<?> list) {
            list.forEach(item -> walk(item, used, schemes));
        } else if (node instanceof String text) {
            Matcher m = PARAMETER.matcher(text);
            while (m.find()) {
                used.add(m.group(1));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<String, Object> parent, String key) {
        Object value = parent.get(key);
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    /** The version the component's catalog entry carries, i.e. the project version. */
    private static String componentVersion() throws Exception {
        try (InputStream in = KameletCatalogRulesTest.class.getClassLoader()
                .getResourceAsStream("META-INF/io/rmpcoap/camel/rmpcoap.json")) {
            JsonObject catalog = (JsonObject) Jsoner.deserialize(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            return ((JsonObject) catalog.get("component")).getString("version");
        }
    }
}
