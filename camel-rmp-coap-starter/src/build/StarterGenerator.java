import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;

/**
 * Writes the starter's generated parts, as camel-spring-boot-generator-maven-plugin does for Camel's own starters
 * (that plugin only resolves org.apache.camel artifacts):
 * <ul>
 * <li>{@code RmpCoapComponentConfiguration}: one {@code camel.component.rmpcoap.*} property per component option of
 * the catalog JSON {@code rmpcoap.json}, its Javadoc the option's description, secrets marked, so that
 * spring-boot-configuration-processor writes the IDE metadata;</li>
 * <li>{@code META-INF/additional-spring-configuration-metadata.json}: one {@code rmp.gateway.*} entry per placeholder
 * of the bundled gateway YAML, with its default, plus {@code rmp.gateway.enabled}.</li>
 * </ul>
 * Run by the JDK's source launcher with the starter's compile classpath: {@code java -cp ... StarterGenerator.java
 * <sources dir> <resources dir>}.
 */
public class StarterGenerator {

    private static final String PACKAGE = "io.rmpcoap.springboot";
    private static final String CATALOG = "META-INF/io/rmpcoap/camel/rmpcoap.json";
    private static final String GATEWAY_YAML = "io/rmpcoap/routes/rmp-gateway.yaml";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(rmp\\.gateway\\.[A-Za-z0-9.\\-]+)(?::([^}]*))?}}");
    /** Sentence appended to a secret's description; RmpCoapStarterMetadataTest looks for it. */
    static final String SECRET_NOTE = "This option is a secret: Actuator masks it, Camel masks it in endpoint URIs and logs.";

    public static void main(String[] args) throws Exception {
        Path sources = Path.of(args[0]);
        Path resources = Path.of(args[1]);
        JsonObject catalog = (JsonObject) Jsoner.deserialize(resource(CATALOG));
        write(sources.resolve(PACKAGE.replace('.', '/')).resolve("RmpCoapComponentConfiguration.java"),
                componentConfiguration(catalog));
        write(resources.resolve("META-INF/additional-spring-configuration-metadata.json"), gatewayMetadata(resource(GATEWAY_YAML)));
    }

    private static String componentConfiguration(JsonObject catalog) {
        JsonObject component = catalog.getMap("component");
        Map<String, Object> options = catalog.getMap("componentProperties");
        StringBuilder fields = new StringBuilder();
        StringBuilder accessors = new StringBuilder();
        TreeSet<String> secrets = new TreeSet<>();
        for (Map.Entry<String, Object> entry : options.entrySet()) {
            String name = entry.getKey();
            JsonObject option = (JsonObject) entry.getValue();
            if ("configuration".equals(name)) {
                continue; // its options are listed one by one; a whole bean would race with them
            }
            String javaType = option.getString("javaType");
            String kind = option.getString("type");
            boolean reference = "object".equals(kind);
            String type = reference ? "String" : fieldType(javaType, kind);
            String description = option.getStringOrDefault("description", "");
            if (reference) {
                description += " A reference to a bean of type " + javaType + " in the registry, e.g. #myBean.";
            }
            if (option.getBooleanOrDefault("secret", false)) {
                secrets.add(name);
                description += " " + SECRET_NOTE;
            }
            if (option.getBooleanOrDefault("deprecated", false)) {
                fields.append("    @Deprecated\n");
            }
            fields.append(javadoc(description, "    "));
            fields.append("    private ").append(type).append(' ').append(name);
            String initial = initialValue(option, type, kind);
            if (initial != null) {
                fields.append(" = ").append(initial);
            }
            fields.append(";\n");
            String capitalized = Character.toUpperCase(name.charAt(0)) + name.substring(1);
            accessors.append("\n    public ").append(type).append(" get").append(capitalized).append("() {\n")
                    .append("        return ").append(name).append(";\n    }\n")
                    .append("\n    public void set").append(capitalized).append('(').append(type).append(' ').append(name)
                    .append(") {\n        this.").append(name).append(" = ").append(name).append(";\n    }\n");
        }
        List<String> quoted = new ArrayList<>();
        secrets.forEach(s -> quoted.add('"' + s + '"'));
        return "package " + PACKAGE + ";\n\n"
               + "import java.util.Set;\n\n"
               + "import org.apache.camel.spring.boot.ComponentConfigurationPropertiesCommon;\n"
               + "import org.springframework.boot.context.properties.ConfigurationProperties;\n\n"
               + javadoc(component.getString("description")
                         + "\n\nGenerated by src/build/StarterGenerator.java from " + CATALOG + " - do not edit this file!", "")
               + "@ConfigurationProperties(prefix = \"camel.component.rmpcoap\")\n"
               + "public class RmpCoapComponentConfiguration extends ComponentConfigurationPropertiesCommon {\n\n"
               + "    /** The options that are secrets, by their Camel names. */\n"
               + "    public static final Set<String> SECRET_OPTIONS = Set.of(" + String.join(", ", quoted) + ");\n\n"
               + fields + accessors + "}\n";
    }

    private static String fieldType(String javaType, String kind) {
        return switch (javaType) {
            case "boolean" -> "Boolean";
            case "int" -> "Integer";
            case "long" -> "Long";
            case "double" -> "Double";
            default -> "enum".equals(kind) ? javaType : javaType.replace("java.lang.", "");
        };
    }

    private static String initialValue(JsonObject option, String type, String kind) {
        Object value = option.get("defaultValue");
        if (value == null || "String".equals(type) && "object".equals(kind)) {
            return null;
        }
        String text = String.valueOf(value);
        return switch (type) {
            case "Boolean" -> Boolean.toString(Boolean.parseBoolean(text));
            case "Integer" -> text;
            case "Long" -> text + "L";
            case "Double" -> text + "D";
            case "String" -> '"' + text.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
            default -> "enum".equals(kind) ? type + "." + text : null;
        };
    }

    private static String gatewayMetadata(String yaml) {
        Map<String, String> defaults = new LinkedHashMap<>();
        Matcher m = PLACEHOLDER.matcher(yaml);
        while (m.find()) {
            defaults.putIfAbsent(m.group(1), m.group(2));
        }
        List<Object> properties = new ArrayList<>();
        properties.add(property("rmp.gateway.enabled", "java.lang.Boolean", "false",
                "Whether to run the bundled CoAP-to-HTTP gateway route (io.rmpcoap.routes.GatewayRouteBuilder), "
                                                                         + "configured by the other rmp.gateway.* properties."));
        defaults.forEach((name, value) -> {
            String description = "The bundled gateway's " + name.substring("rmp.gateway.".length())
                                 + ", as in Camel Main (see the component documentation, section Gateway).";
            if (name.toLowerCase(Locale.ROOT).matches(".*(password|key|secret|token|security).*")) {
                description += " " + SECRET_NOTE;
            }
            properties.add(property(name, type(value), value, description));
        });
        JsonObject root = new JsonObject();
        root.put("properties", properties);
        return Jsoner.prettyPrint(root.toJson()) + "\n";
    }

    private static String type(String value) {
        if (value == null) {
            return "java.lang.String";
        }
        if (value.equals("true") || value.equals("false")) {
            return "java.lang.Boolean";
        }
        return value.matches("\\d{1,9}") ? "java.lang.Integer" : "java.lang.String";
    }

    private static JsonObject property(String name, String type, String defaultValue, String description) {
        JsonObject p = new JsonObject();
        p.put("name", name);
        p.put("type", type);
        p.put("description", description);
        if (defaultValue != null) {
            p.put("defaultValue", "java.lang.Boolean".equals(type) ? (Object) Boolean.valueOf(defaultValue)
                    : "java.lang.Integer".equals(type) ? (Object) Integer.valueOf(defaultValue) : defaultValue);
        }
        return p;
    }

    private static String javadoc(String text, String indent) {
        StringBuilder out = new StringBuilder(indent).append("/**\n");
        String[] paragraphs = text.replace("*/", "*&#47;").split("\n\n");
        for (int i = 0; i < paragraphs.length; i++) {
            if (i > 0) {
                out.append(indent).append(" * <p>\n");
            }
            StringBuilder line = new StringBuilder();
            for (String word : paragraphs[i].strip().split("\\s+")) {
                if (line.length() + word.length() > 100) {
                    out.append(indent).append(" * ").append(line.toString().strip()).append('\n');
                    line.setLength(0);
                }
                line.append(word).append(' ');
            }
            out.append(indent).append(" * ").append(line.toString().strip()).append('\n');
        }
        return out.append(indent).append(" */\n").toString();
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = StarterGenerator.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is not on the starter's classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file) || !Files.readString(file, StandardCharsets.UTF_8).equals(content)) {
            Files.writeString(file, content, StandardCharsets.UTF_8);
        }
    }
}
