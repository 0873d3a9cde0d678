package io.rmpcoap.routes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.rmpcoap.camel.test.FreePorts;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * nginx's UDP stream proxy (Debian's {@code nginx} and {@code libnginx-mod-stream}, which {@code .ci/run} installs) as
 * the plain load balancer in front of gateway replicas: round-robin over the upstreams, one session per device address
 * and port, nothing CoAP- or DTLS-aware. Runs in the foreground from its own configuration in a folder of the test
 * (error log and pid file there too), on a free port of 127.0.0.1. {@link #setUpstreams} rewrites the configuration
 * and reloads it, as Kubernetes updates a Service's endpoints when a pod goes or comes: the new worker starts new
 * sessions, so devices are spread anew.
 */
final class NginxUdpBalancer implements AutoCloseable {

    static final Path NGINX = Path.of("/usr/sbin/nginx");
    static final Path STREAM_MODULE = Path.of("/usr/lib/nginx/modules/ngx_stream_module.so");

    private final Path dir;
    private final Path conf;
    private final Path errorLog;
    private final int port = FreePorts.udp();
    private final Process process;
    private int generation;

    NginxUdpBalancer(Path dir, List<InetSocketAddress> upstreams) throws IOException {
        assertTrue(Files.isExecutable(NGINX), NGINX + " is missing: install nginx and libnginx-mod-stream (.ci/run)");
        this.dir = dir;
        this.conf = dir.resolve("nginx.conf");
        this.errorLog = dir.resolve("error.log");
        writeConfiguration(upstreams);
        process = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", conf.toString(), "-e", errorLog.toString(),
                "-g", "daemon off;").redirectErrorStream(true).redirectOutput(dir.resolve("nginx.out").toFile()).start();
        awaitWorkers(1);
    }

    /** Where devices send to (127.0.0.1). */
    int port() {
        return port;
    }

    /**
     * Balances over these upstreams from now on: every datagram a device sends from now on opens a new session (the
     * old worker passes no answer on any more).
     */
    void setUpstreams(List<InetSocketAddress> upstreams) throws IOException, InterruptedException {
        writeConfiguration(upstreams);
        Process reload = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", conf.toString(), "-e",
                errorLog.toString(), "-s", "reload").redirectErrorStream(true).start();
        assertTrue(reload.waitFor(10, TimeUnit.SECONDS));
        assertEquals(0, reload.exitValue(), new String(reload.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        awaitWorkers(generation + 1);
    }

    private void writeConfiguration(List<InetSocketAddress> upstreams) throws IOException {
        String servers = upstreams.stream()
                // max_fails=0: nginx never takes a replica out by itself; the test does, as Kubernetes would
                .map(upstream -> "    server " + upstream.getHostString() + ":" + upstream.getPort() + " max_fails=0;")
                .collect(Collectors.joining("\n"));
        Files.writeString(conf, (Files.exists(STREAM_MODULE) ? "load_module " + STREAM_MODULE + ";\n" : "")
                + "worker_processes 1;\n" // one worker: all datagrams of a device meet the same session table
                + "worker_rlimit_nofile 8192;\n"
                + "worker_shutdown_timeout 1s;\n" // a reload ends the old sessions at once
                + "error_log " + errorLog + " notice;\n"
                + "pid " + dir.resolve("nginx.pid") + ";\n"
                + "events { worker_connections 4096; }\n"
                + "stream {\n"
                // one line per ended session: which device port went to which replica, for failure messages
                + "  log_format sessions '$time_local $remote_addr:$remote_port $upstream_addr $bytes_sent $bytes_received "
                + "$session_time';\n"
                + "  access_log " + dir.resolve("sessions.log") + " sessions;\n"
                + "  upstream gateway {\n" + servers + "\n  }\n"
                + "  server {\n"
                + "    listen 127.0.0.1:" + port + " udp;\n"
                + "    proxy_pass gateway;\n"
                + "    proxy_timeout 30s;\n"

                + "  }\n"
                + "}\n");
    }

    /** Waits until nginx has started its n-th worker (the first at start, one more per reload). */
    private void awaitWorkers(int n) {
        generation = n;
        await().atMost(Duration.ofSeconds(20)).until(() -> workersStarted() >= n || !process.isAlive());
        assertTrue(process.isAlive(), this::log);
    }

    private long workersStarted() throws IOException {
        return Files.exists(errorLog) ? Files.readAllLines(errorLog).stream().filter(l -> l.contains("start worker process"))
                .count() : 0;
    }

    /** nginx's error log (notices included) and its log of ended sessions, for failure messages. */
    String log() {
        try {
            Path sessions = dir.resolve("sessions.log");
            return (Files.exists(errorLog) ? Files.readString(errorLog) : "(no error log)")
                   + (Files.exists(sessions) ? "\nsessions ended:\n" + Files.readString(sessions) : "");
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: nginx's fast shutdown, workers included
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
