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
 * standard input, then prints STOPPED; the test side starts it, waits for READY and stops it that way. Other programs
 * (Camel JBang) start with a marker of their own and end with {@link #terminate()}.
 */
public final class ChildProcess implements AutoCloseable {

    private final Process process;
    private final StringBuffer output = new StringBuffer();
    private final Thread reader;

    private ChildProcess(Process process) {
        this.process = process;
        reader = new Thread(() -> copy(process.getInputStream()));
        reader.setDaemon(true);
        reader.start();
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
        List<String> command = new ArrayList<>(List.of(java(), "-cp", System.getProperty("java.class.path"),
                mainClass.getName()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        return start(builder, "READY", Duration.ofSeconds(60));
    }

    /**
     * In the test: starts another program (e.g. Camel JBang in a JVM of its own) and waits up to {@code timeout} until
     * its output contains {@code marker}; fails with its output when it ends before.
     */
    public static ChildProcess start(ProcessBuilder builder, String marker, Duration timeout) throws IOException {
        ChildProcess child = new ChildProcess(builder.redirectErrorStream(true).start());
        try {
            await().atMost(timeout).until(() -> child.output().contains(marker) || !child.process.isAlive());
        } catch (RuntimeException e) {
            child.close();
            throw new AssertionError("No \"" + marker + "\" within " + timeout + ":\n" + child.output(), e);
        }
        assertTrue(child.process.isAlive(), child::output);
        return child;
    }

    /** This JVM's {@code java} command. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
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

    /**
     * Terminates the child as Ctrl+C or a service manager does (SIGTERM: the JVM runs its shutdown hooks) and waits
     * until it has ended and all it printed is in {@link #output()}.
     */
    public void terminate() throws InterruptedException {
        process.destroy();
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), this::output);
        reader.join(10_000);
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
