package io.rmpcoap.camel;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.Collectors;

import javax.xml.parsers.DocumentBuilderFactory;

import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The component is an OSGi bundle for Karaf and the features repository installs what it imports: the manifest bnd
 * wrote exports every package of the component with a version, no other jar splits those packages, and every
 * Californium and Micrometer package the bundle (and each of those bundles) imports is exported, in the imported version range, by
 * a bundle of the feature. Camel's packages come from camel-karaf's camel-core feature.
 */
class OsgiBundleTest {

    private static final Path CLASSES = Path.of("target/classes");
    /** Every package of the component: each directory under target/classes that holds a class, not a list by hand. */
    private static final List<String> PACKAGES = packages();

    private static List<String> packages() {
        try (Stream<Path> files = Files.walk(CLASSES)) {
            List<String> packages = files.filter(f -> f.toString().endsWith(".class"))
                    .map(f -> CLASSES.relativize(f.getParent()).toString().replace(File.separatorChar, '.'))
                    .distinct().sorted().toList();
            if (!packages.containsAll(List.of("io.rmpcoap.camel", "io.rmpcoap.camel.metrics"))) {
                throw new IllegalStateException("target/classes lacks the component's packages: " + packages);
            }
            return packages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One clause of an OSGi header: the package and its attributes and directives. */
    private record Clause(String name, Map<String, String> attributes) {
    }

    private static List<Clause> parse(String header) {
        List<Clause> clauses = new ArrayList<>();
        if (header == null) {
            return clauses;
        }
        for (String part : header.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
            String[] pieces = part.split(";(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
            Map<String, String> attributes = new HashMap<>();
            for (int i = 1; i < pieces.length; i++) {
                String[] pair = pieces[i].split(":?=", 2);
                attributes.put(pair[0].trim(), pair.length > 1 ? pair[1].replace("\"", "").trim() : "");
            }
            clauses.add(new Clause(pieces[0].trim(), attributes));
        }
        return clauses;
    }

    private static Manifest manifest() throws Exception {
        try (InputStream in = Files.newInputStream(CLASSES.resolve("META-INF/MANIFEST.MF"))) {
            return new Manifest(in);
        }
    }

    @Test
    void everyPackageIsExportedWithAVersionAndNoJarSplitsThem() throws Exception {
        Manifest manifest = manifest();
        assertEquals("io.rmpcoap.camel-rmp-coap", manifest.getMainAttributes().getValue("Bundle-SymbolicName"));
        Map<String, String> exported = parse(manifest.getMainAttributes().getValue("Export-Package")).stream()
                .collect(Collectors.toMap(Clause::name, c -> c.attributes().getOrDefault("version", "")));
        for (String pkg : PACKAGES) {
            assertEquals("1.0.0", exported.get(pkg), "Export-Package of " + pkg + ": " + exported);
        }
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.endsWith(".jar")) {
                continue;
            }
            try (JarFile jar = new JarFile(entry)) {
                for (String pkg : PACKAGES) {
                    assertTrue(jar.getEntry(pkg.replace('.', '/') + "/") == null
                               && jar.stream().noneMatch(e -> e.getName().startsWith(pkg.replace('.', '/') + "/")
                                                             && e.getName().indexOf('/', pkg.length() + 1) < 0),
                            entry + " splits package " + pkg);
                }
            }
        }
    }

    @Test
    void featureBundlesExportEveryCaliforniumPackageTheBundlesImport() throws Exception {
        Document features = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(Path.of("target/features/features.xml").toFile());
        NodeList featureRefs = features.getElementsByTagName("feature");
        boolean camelCore = false;
        for (int i = 0; i < featureRefs.getLength(); i++) {
            camelCore |= "camel-core".equals(featureRefs.item(i).getTextContent().trim());
        }
        assertTrue(camelCore, "the feature must pull in camel-karaf's camel-core");

        List<Manifest> bundles = new ArrayList<>();
        NodeList bundleRefs = features.getElementsByTagName("bundle");
        Pattern mvn = Pattern.compile("mvn:([^/]+)/([^/]+)/([^/]+)");
        for (int i = 0; i < bundleRefs.getLength(); i++) {
            Matcher m = mvn.matcher(bundleRefs.item(i).getTextContent().trim());
            assertTrue(m.matches(), bundleRefs.item(i).getTextContent());
            if (m.group(2).equals("camel-rmp-coap")) {
                bundles.add(manifest());
                continue;
            }
            String jarName = m.group(2) + "-" + m.group(3) + ".jar";
            String jar = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                    .filter(p -> p.endsWith(File.separator + jarName)).findFirst()
                    .orElseThrow(() -> new AssertionError(jarName + " is not a dependency of the component"));
            try (JarFile file = new JarFile(jar)) {
                Manifest manifest = file.getManifest();
                assertNotNull(manifest.getMainAttributes().getValue("Bundle-SymbolicName"), jarName + " is not a bundle");
                bundles.add(manifest);
            }
        }

        Map<String, String> exports = new HashMap<>();
        for (Manifest bundle : bundles) {
            for (Clause clause : parse(bundle.getMainAttributes().getValue("Export-Package"))) {
                exports.put(clause.name(), clause.attributes().getOrDefault("version", "0.0.0"));
            }
        }
        List<String> unresolved = new ArrayList<>();
        for (Manifest bundle : bundles) {
            for (Clause imported : parse(bundle.getMainAttributes().getValue("Import-Package"))) {
                if (!imported.name().startsWith("org.eclipse.californium") && !imported.name().startsWith("io.rmpcoap")
                    && !imported.name().startsWith("io.micrometer")
                    || "optional".equals(imported.attributes().get("resolution"))) {
                    continue;
                }
                String version = exports.get(imported.name());
                if (version == null || !inRange(version, imported.attributes().getOrDefault("version", "0"))) {
                    unresolved.add(bundle.getMainAttributes().getValue("Bundle-SymbolicName") + " imports "
                                   + imported.name() + " " + imported.attributes().get("version") + ", exported: " + version);
                }
            }
        }
        assertTrue(unresolved.isEmpty(), String.join("\n", unresolved));
    }

    /** Whether a version is in an OSGi range such as "[3.14,4)" or at least a bare minimum such as "1.0". */
    private static boolean inRange(String version, String range) {
        if (!range.startsWith("[") && !range.startsWith("(")) {
            return compare(version, range) >= 0;
        }
        String[] bounds = range.substring(1, range.length() - 1).split(",");
        int low = compare(version, bounds[0]);
        int high = compare(version, bounds[1]);
        return (range.startsWith("[") ? low >= 0 : low > 0) && (range.endsWith("]") ? high <= 0 : high < 0);
    }

    private static int compare(String a, String b) {
        String[] x = a.trim().split("\\.");
        String[] y = b.trim().split("\\.");
        for (int i = 0; i < 3; i++) {
            int left = i < x.length ? Integer.parseInt(x[i]) : 0;
            int right = i < y.length ? Integer.parseInt(y[i]) : 0;
            if (left != right) {
                return Integer.compare(left, right);
            }
        }
        return 0;
    }
}
