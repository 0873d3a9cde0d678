package io.rmpcoap.jbang;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import io.rmpcoap.camel.test.ChildProcess;
import io.rmpcoap.camel.test.CompositeApi;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.tools.PskKeys;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The documentation's first "try it" path as a user runs it, through Camel JBang's own main class in a JVM of its own:
 * {@code camel run rmp-gateway.yaml --dep=io.rmpcoap:camel-rmp-coap-routes:VERSION --properties=gateway.properties}.
 * Camel JBang resolves the {@code --dep} from a private local Maven repository that holds only the jars and poms this
 * build just made; Camel's own artifacts come from the build's repository, read as a file repository (never written:
 * no {@code mvn install} into the shared one), and Maven Central is switched off, so nothing comes from the network.
 * A Californium DTLS device (PSK) then calls a local Composite API through the gateway with its AuthToken.
 */
class CamelRunTest {

    private static final String KEY = PskKeys.hexKey("world");
    private static final String TOKEN = "aGVsbG86d29ybGQ=";
    private static final Pattern BOUND = Pattern.compile("listening on /127\\.0\\.0\\.1:(\\d+)");

    @TempDir
    Path dir;

    @Test
    void camelRunWithDepOnTheRoutesServesAPskDeviceThroughTheYamlGateway() throws Exception {
        String version = System.getProperty("rmpcoap.version");
        Path repository = dir.resolve("repository");
        copyTree(Path.of(System.getProperty("rmpcoap.repository")), repository);
        Path home = dir.resolve("home");
        writeMavenSettings(home, repository, Path.of(System.getProperty("build.repository")));
        Path work = Files.createDirectories(dir.resolve("work"));
        Files.writeString(work.resolve("devices.properties"), "hello=" + KEY + "\n");

        try (CompositeApi api = new CompositeApi()) {
            Files.writeString(work.resolve("gateway.properties"), """
                    rmp.gateway.listen = coaps://127.0.0.1:0
                    rmp.gateway.pskStoreFile = file:devices.properties
                    rmp.gateway.allowedTargets = %s/api/
                    """.formatted(api.base()));
            String classpath = System.getProperty("jbang.classes") + java.io.File.pathSeparator
                               + Files.readString(Path.of(System.getProperty("jbang.classpath"))).trim();
            ProcessBuilder camelRun = new ProcessBuilder(List.of(ChildProcess.java(),
                    // Camel JBang keeps its state (~/.camel) and reads Maven's settings (~/.m2) under the user's home
                    "-Duser.home=" + home, "-cp", classpath, CamelJBang.class.getName(),
                    "run", System.getProperty("gateway.yaml"),
                    "--dep=io.rmpcoap:camel-rmp-coap-routes:" + version,
                    "--properties=gateway.properties",
                    "--maven-central-enabled=false", "--maven-apache-snapshot-enabled=false",
                    "--logging-color=false")).directory(work.toFile());

            try (ChildProcess camel = ChildProcess.start(camelRun, "(rmp-gateway) started", Duration.ofMinutes(3))) {
                Matcher bound = BOUND.matcher(camel.output());
                assertTrue(bound.find(), camel::output);
                int port = Integer.parseInt(bound.group(1));

                try (TestDevice device = TestDevice.psk("hello", KEY)) {
                    Request get = Request.newGet();
                    get.getOptions().setProxyUri(api.base() + "/api/config?key=" + TOKEN);
                    CoapResponse response = device.send(get, port);
                    assertNotNull(response, camel::output);
                    assertEquals(CoAP.ResponseCode.CONTENT, response.getCode(), camel::output);
                    assertEquals(CompositeApi.ANSWER, response.getResponseText());
                }
                CompositeApi.Seen seen = api.next();
                assertEquals("GET", seen.method());
                assertEquals("/api/config", seen.path());
                assertNull(seen.query(), "the AuthToken is removed from the URL");
                assertEquals("Basic " + TOKEN, seen.authorization());

                // Camel JBang prints "Resolved: ..." only for downloads slower than its threshold, so the proof that
                // --dep was resolved here is the dependency jar it put into the private repository
                assertTrue(Files.isRegularFile(repository.resolve(
                        "org/eclipse/californium/scandium/3.14.0/scandium-3.14.0.jar")),
                        "the --dep's dependencies were resolved into the private repository");

                camel.terminate();
            }
        }
    }

    /**
     * Camel JBang 4.17.0 ignores {@code --maven-settings} (MavenDownloaderImpl drops any explicit path), so the
     * settings go where it looks by default: {@code ~/.m2/settings.xml} under the child's home.
     */
    private static void writeMavenSettings(Path home, Path repository, Path buildRepository) throws IOException {
        Path settings = Files.createDirectories(home.resolve(".m2")).resolve("settings.xml");
        Files.writeString(settings, """
                <settings>
                    <localRepository>%s</localRepository>
                    <profiles>
                        <profile>
                            <id>build-repository</id>
                            <activation>
                                <activeByDefault>true</activeByDefault>
                            </activation>
                            <repositories>
                                <!-- releases only: io.rmpcoap snapshots come from the private repository alone -->
                                <repository>
                                    <id>build-repository</id>
                                    <url>%s</url>
                                    <releases>
                                        <checksumPolicy>ignore</checksumPolicy>
                                    </releases>
                                    <snapshots>
                                        <enabled>false</enabled>
                                    </snapshots>
                                </repository>
                            </repositories>
                        </profile>
                    </profiles>
                </settings>
                """.formatted(repository, buildRepository.toUri()));
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            files.forEach(file -> {
                try {
                    Files.copy(file, to.resolve(from.relativize(file).toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
