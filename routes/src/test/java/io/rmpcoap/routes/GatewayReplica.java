package io.rmpcoap.routes;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.awaitility.core.ConditionTimeoutException;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One gateway replica as a pod of {@code deploy/kubernetes/cluster} runs it: its own JVM running camel-main's
 * {@code org.apache.camel.main.Main -pl file:application.properties} over the bundled YAML route, with the
 * environment variables the StatefulSet sets, plus system properties for what differs on a test machine (addresses,
 * ports, file paths). Ready when {@code /observe/health/ready} says so, as the readiness probe asks; its meters are
 * read from {@code /observe/metrics} (Prometheus text). {@link #stop()} is Kubernetes' SIGTERM (camel-main stops and
 * the consumer saves its sessions), {@link #kill()} SIGKILL.
 */
final class GatewayReplica implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final List<String> command;
    private final Map<String, String> environment;
    private final Path log;
    private final String management;
    private Process process;
    private int starts;

    /**
     * @param properties  the application.properties file
     * @param overrides   -D system properties (override the file's values, as camel-main's defaults allow)
     * @param environment the environment variables
     * @param management  host:port of the management HTTP server (camel.management.host/port among the overrides)
     */
    GatewayReplica(Path properties, Map<String, String> overrides, Map<String, String> environment, String management,
                   Path log) {
        command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                // C1 only: a replica starts with a third of the CPU time (on a busy CI machine that is a minute)
                "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"));
        overrides.forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.apache.camel.main.Main",
                "-pl", "file:" + properties));
        this.environment = environment;
        this.management = management;
        this.log = log;
    }

    /** Starts the JVM and waits until the readiness endpoint answers 200. */
    GatewayReplica start() throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        starts++;
        return this;
    }

    GatewayReplica awaitReady() {
        try {
            // a few seconds on an idle machine; minutes when a shared one is overloaded
            await().atMost(Duration.ofSeconds(300)).pollInterval(Duration.ofMillis(200))
                    .until(() -> !process.isAlive() || ready());
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("not ready: " + log(), e);
        }
        assertTrue(process.isAlive(), this::log);
        return this;
    }

    private boolean ready() {
        try {
            return get("/observe/health/ready").statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://" + management + path)).timeout(Duration.ofSeconds(5))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The sum of a Prometheus series over all its label sets that contain every given label (e.g.
     * {@code result="success"}); 0 when absent.
     */
    double meter(String name, String... labels) throws IOException, InterruptedException {
        double sum = 0;
        for (String line : get("/observe/metrics").body().lines().toList()) {
            if (line.startsWith(name + "{") || line.startsWith(name + " ")) {
                boolean matches = true;
                for (String label : labels) {
                    matches &= line.contains(label);
                }
                if (matches) {
                    sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                }
            }
        }
        return sum;
    }

    /** SIGTERM, as Kubernetes stops a pod, and waits until the JVM has ended. */
    void stop() throws InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), this::log);
    }

    /** SIGKILL: nothing is saved. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        assertTrue(process.waitFor(10, TimeUnit.SECONDS));
    }

    boolean isAlive() {
        return process != null && process.isAlive();
    }

    int starts() {
        return starts;
    }

    /** Everything the replica printed over all its runs. */
    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
