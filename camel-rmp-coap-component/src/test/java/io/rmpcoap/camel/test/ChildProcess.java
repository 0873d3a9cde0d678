package io.rmpcoap.camel.test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.camel.CamelContext;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A CamelContext in a child JVM that a test starts (e.g. a second gateway on the same session store). The child
 * prints READY once started and stops the context (so its consumers save their sessions) when the test closes its
 * standard input, then prints STOPPED; the test side starts it, waits for READY and stops it that way.
 */
public final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final StringBuffer output = new StringBuffer();

    private ChildProcess(Process process) {
        this.process = process;
    }

    /** In the child: runs the context until the parent closes standard input. */
    public static void runUntilStandardInputCloses(CamelContext context) throws Exception {
        context.start();
        System.out.println("READY");
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // runs until the test closes our standard input
            }
        }
        context.stop();
        System.out.println("STOPPED");
    }

    /**
     * In the test: starts {@code mainClass} on the test's class path with the arguments and extra environment (where
     * secrets go, never on a command line) and waits until it is READY.
     */
    public static ChildProcess start(Class<?> mainClass, List<String> args, Map<String, String> environment)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        ChildProcess child = new ChildProcess(builder.start());
        Thread reader = new Thread(() -> child.copy(child.process.getInputStream()));
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> child.output().contains("READY") || !child.process.isAlive());
        assertTrue(child.process.isAlive(), child::output);
        return child;
    }

    /** Everything the child printed so far. */
    public String output() {
        return output.toString();
    }

    /** Closes the child's standard input and waits until it has stopped. */
    public void stop() throws IOException, InterruptedException {
        try (OutputStream stdin = process.getOutputStream()) {
            stdin.flush();
        }
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), this::output);
    }

    private void copy(InputStream in) {
        byte[] buffer = new byte[4096];
        try {
            for (int n; (n = in.read(buffer)) > 0;) {
                output.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
