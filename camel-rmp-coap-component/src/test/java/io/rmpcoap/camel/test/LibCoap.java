package io.rmpcoap.camel.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.rmpcoap.camel.RmpCoapConstants;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Assumptions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * libcoap's {@code coap-client-openssl} and {@code coap-server-openssl} as independent peers. Their exit codes say
 * little (0 even when the request failed), so tests look at what they printed.
 */
public final class LibCoap {

    private static final String CLIENT = "coap-client-openssl";
    private static final String SERVER = "coap-server-openssl";

    private LibCoap() {
    }

    /** What a client run printed. */
    public record Result(int exitCode, String stdout, String stderr, boolean timedOut) {

        /** Everything, for assertion messages. */
        public String describe() {
            return "exit=" + exitCode + (timedOut ? " (timed out)" : "") + "\nstdout: " + stdout + "\nstderr: " + stderr;
        }
    }

    /** Whether both libcoap programs are on the PATH. */
    public static boolean available() {
        return onPath(CLIENT) && onPath(SERVER);
    }

    /**
     * Fails the test where libcoap is not installed and the environment variable {@code CI} is set (CI installs
     * libcoap3-bin, so a missing binary there is a broken build, not a reason to skip); elsewhere skips it.
     */
    public static void assumeAvailable() {
        assumeAvailable(available(), System.getenv("CI"));
    }

    static void assumeAvailable(boolean available, String ci) {
        if (available) {
            return;
        }
        String missing = "libcoap3-bin (" + CLIENT + ", " + SERVER + ") is not on the PATH";
        if (ci != null) {
            throw new AssertionError(missing + " but CI=" + ci + " is set: CI must install libcoap3-bin so that the "
                                     + "interoperability tests run");
        }
        Assumptions.abort(missing + "; skipping this libcoap interoperability test (with CI set it fails instead)");
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        return path != null && Arrays.stream(path.split(File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    /** Runs coap-client-openssl with the arguments and waits at most {@code limit} for it to finish. */
    public static Result client(Duration limit, String... args) throws IOException, InterruptedException {
        Path stdout = Files.createTempFile("libcoap-client", ".out");
        Path stderr = Files.createTempFile("libcoap-client", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(CLIENT));
            command.addAll(List.of(args));
            Process process = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
            boolean finished = process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            return new Result(finished ? process.exitValue() : -1, Files.readString(stdout, StandardCharsets.UTF_8),
                    Files.readString(stderr, StandardCharsets.UTF_8), !finished);
        } finally {
            Files.deleteIfExists(stdout);
            Files.deleteIfExists(stderr);
        }
    }

    /**
     * Starts coap-server-openssl with the arguments, which must include {@code -A 127.0.0.1 -p <port>}, and returns
     * once it listens on the port, UDP and TCP (and on port + 1 for DTLS and TLS when keys or certificates are given).
     */
    public static Server server(String... args) throws IOException, InterruptedException {
        int port = Integer.parseInt(args[List.of(args).indexOf("-p") + 1]);
        boolean dtls = List.of(args).contains("-k") || List.of(args).contains("-c");
        Path output = Files.createTempFile("libcoap-server", ".log");
        List<String> command = new ArrayList<>(List.of(SERVER));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        Server server = new Server(process, output);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        // it listens for UDP and TCP on the port, and for DTLS and TLS on port + 1
        while (FreePorts.isFree(port) || FreePorts.isFreeTcp(port)
               || dtls && (FreePorts.isFree(port + 1) || FreePorts.isFreeTcp(port + 1))) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                String log = server.output();
                server.close();
                throw new IllegalStateException("coap-server-openssl did not start: " + log);
            }
            Thread.sleep(20);
        }
        return server;
    }

    /** A running coap-server-openssl; closing stops it. */
    public static final class Server implements AutoCloseable {

        private final Process process;
        private final Path output;

        private Server(Process process, Path output) {
            this.process = process;
            this.output = output;
        }

        /**
         * PUTs the payload to the URI (a resource this server creates, started with -d) and GETs it back: 2.01, then the
         * same bytes.
         */
        public void assertStoresAndReturns(ProducerTemplate template, String uri, byte[] payload) {
            Exchange put = template.request(uri + "&method=PUT", e -> e.getMessage().setBody(payload));
            assertNull(put.getException(), output());
            assertEquals("2.01", put.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE), "dynamic resource created");

            Exchange get = template.request(uri + "&method=GET", e -> {
            });
            assertNull(get.getException(), output());
            assertArrayEquals(payload, get.getMessage().getBody(byte[].class), output());
        }

        /** What the server printed so far, for assertion messages. */
        public String output() {
            try {
                return Files.readString(output, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws InterruptedException, IOException {
            process.destroy();
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
            Files.deleteIfExists(output);
        }
    }
}
