package io.rmpcoap.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import io.rmpcoap.bench.CoapLoadDriver.Addressing;
import io.rmpcoap.bench.LoadEngine.Result;

/**
 * What the Connection-ID cluster costs (issue 13), side by side in one run, DTLS PSK, POST c=64 over 64 sessions:
 * <ol>
 * <li>one gateway, the load sent to it directly;</li>
 * <li>the same gateway behind nginx's UDP stream proxy;</li>
 * <li>three gateway replicas on 127.0.0.2, .3 and .4 as one cluster ({@code rmp.gateway.cluster.*}) behind nginx
 * round-robin, a share of the load's sessions behind a {@link SwitchingNat} that gives each of them a new source port
 * every few seconds (a new balancer session, usually another replica: its records are forwarded);</li>
 * <li>the same three replicas with no session switching port, so no record is forwarded: the cost of three JVMs
 * sharing these cores, apart from the cluster's own.</li>
 * </ol>
 * The targets take turns window by window. CPU per request is the gateway processes' CPU time (the three replicas
 * summed) over the requests answered; nginx's worker is reported apart. Handshakes: the ClientHellos the switching
 * sessions sent during the measured windows (0 when every session kept its one handshake).
 * <p>
 * {@code java -cp camel-rmp-coap-benchmarks-1.0.0-SNAPSHOT.jar io.rmpcoap.bench.ClusterProbe [window s] [windows]
 * [warm-up s] [switching sessions] [switch every s]}
 */
public final class ClusterProbe {

    private static final int LINKS = 64;
    private static final Path NGINX = Path.of("/usr/sbin/nginx");
    private static final Path STREAM_MODULE = Path.of("/usr/lib/nginx/modules/ngx_stream_module.so");
    private static final List<String> HOSTS = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");

    private record Target(String title, CoapLoadDriver driver, LongSupplier gatewayCpu, LongSupplier nginxCpu,
                          List<Result> windows) {
    }

    private ClusterProbe() {
    }

    public static void main(String[] args) throws Exception {
        double window = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 3;
        double warmup = args.length > 2 ? Double.parseDouble(args[2]) : 20;
        int switching = args.length > 3 ? Integer.parseInt(args[3]) : 16;
        double switchEvery = args.length > 4 ? Double.parseDouble(args[4]) : 4;
        Consumer<String> out = line -> {
            System.out.println(line);
            System.out.flush();
        };
        File base = new File(ClusterProbe.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParentFile();
        File logs = new File(base, "bench-logs");
        File work = new File(base, "bench-work");
        logs.mkdirs();
        work.mkdirs();
        List<AutoCloseable> resources = new ArrayList<>();
        ScheduledExecutorService switcher = Executors.newSingleThreadScheduledExecutor();
        try {
            Child echo = closeLater(resources, Child.start("echo-http", "io.rmpcoap.bench.targets.EchoHttpServer", List.of("0"),
                    logs, work, out));
            String echoBase = "http://127.0.0.1:" + echo.port() + "/";
            int port = freePort();
            int clusterPort = freePort();
            Child single = closeLater(resources, Child.start("cluster-probe-single", "io.rmpcoap.bench.targets.RmpGatewayTarget",
                    List.of(String.valueOf(port), echoBase, "dtls"), logs, work, out));
            List<Child> replicas = new ArrayList<>();
            String nodes = "0=" + HOSTS.get(0) + ":" + clusterPort + ",1=" + HOSTS.get(1) + ":" + clusterPort + ",2="
                           + HOSTS.get(2) + ":" + clusterPort;
            for (int i = 0; i < HOSTS.size(); i++) {
                replicas.add(closeLater(resources, Child.start("cluster-probe-node-" + i,
                        "io.rmpcoap.bench.targets.RmpGatewayTarget", List.of(String.valueOf(port), echoBase, "dtls",
                                "rmp.gateway.listen=coaps://" + HOSTS.get(i) + ":" + port,
                                "rmp.gateway.cluster.nodeId=" + i, "rmp.gateway.cluster.nodes=" + nodes,
                                "rmp.gateway.cluster.managementAddress=" + HOSTS.get(i) + ":" + clusterPort,
                                "rmp.gateway.cluster.secret=benchmark-cluster-secret"), logs, work, out)));
            }
            Nginx nginxSingle = closeLater(resources, new Nginx(new File(work, "nginx-single").toPath(),
                    List.of("127.0.0.1:" + port)));
            Nginx nginxCluster = closeLater(resources, new Nginx(new File(work, "nginx-cluster").toPath(),
                    HOSTS.stream().map(h -> h + ":" + port).toList()));
            SwitchingNat nat = closeLater(resources, new SwitchingNat(nginxCluster.address(), switching));

            LongSupplier singleCpu = single::cpuNanos;
            LongSupplier clusterCpu = () -> replicas.stream().mapToLong(Child::cpuNanos).sum();
            List<Target> targets = List.of(
                    new Target("one gateway, direct", closeLater(resources, new CoapLoadDriver(
                            new InetSocketAddress("127.0.0.1", port), true, LINKS, Addressing.PROXY_URI, echoBase)),
                            singleCpu, () -> 0, new ArrayList<>()),
                    new Target("one gateway behind nginx", closeLater(resources, new CoapLoadDriver(nginxSingle.address(), true,
                            LINKS, Addressing.PROXY_URI, echoBase)), singleCpu, nginxSingle::cpuNanos, new ArrayList<>()),
                    new Target("three replicas (cluster) behind nginx, " + switching + " of " + LINKS
                               + " sessions switching port every " + switchEvery + " s",
                            closeLater(resources, new CoapLoadDriver(nginxCluster.address(), true, LINKS, Addressing.PROXY_URI,
                                    echoBase, i -> i < switching ? nat.front(i) : nginxCluster.address())),
                            clusterCpu, nginxCluster::cpuNanos, new ArrayList<>()),
                    // the same replicas with every session staying on its replica: what three JVMs on these cores
                    // cost without a record forwarded, to tell that apart from the cluster's own cost
                    new Target("three replicas (cluster) behind nginx, no session switching port",
                            closeLater(resources, new CoapLoadDriver(nginxCluster.address(), true, LINKS, Addressing.PROXY_URI,
                                    echoBase)), clusterCpu, nginxCluster::cpuNanos, new ArrayList<>()));

            // every switching session gets a new port every switchEvery seconds, spread over that period
            long period = (long) (switchEvery * 1000 / Math.max(1, switching));
            int[] next = {0};
            switcher.scheduleAtFixedRate(() -> nat.switchPort(next[0]++ % switching), period, period, TimeUnit.MILLISECONDS);

            LoadEngine engine = new LoadEngine(out);
            for (Target target : targets) {
                engine.run(target.title() + " warm-up", target.driver(), 64, warmup, 0, 0, target.gatewayCpu());
            }
            int hellosBefore = nat.clientHellos();
            int switchesBefore = nat.switches();
            Map<Target, List<double[]>> nginxPerRequest = new LinkedHashMap<>();
            for (int rep = 1; rep <= reps; rep++) {
                for (Target target : targets) {
                    long nginx0 = target.nginxCpu().getAsLong();
                    Result r = engine.run(target.title() + " (" + rep + "/" + reps + ")", target.driver(), 64, 0.5, window, 1,
                            target.gatewayCpu()).get(0);
                    long nginx1 = target.nginxCpu().getAsLong();
                    target.windows().add(r);
                    nginxPerRequest.computeIfAbsent(target, t -> new ArrayList<>())
                            .add(new double[] {r.ok() == 0 ? Double.NaN : (nginx1 - nginx0) / 1000.0 / r.ok()});
                }
            }
            int newHellos = nat.clientHellos() - hellosBefore;
            int switches = nat.switches() - switchesBefore;

            StringBuilder report = new StringBuilder();
            report.append("| DTLS, POST c=64 | req/s (median) | p50 ms | p99 ms | errors | timeouts | gateway CPU µs/request | "
                          + "nginx CPU µs/request | gateway CPU vs one gateway behind nginx |\n");
            report.append("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n");
            double reference = Result.median(targets.get(1).windows()).cpuUsPerRequest();
            for (Target target : targets) {
                Result m = Result.median(target.windows());
                double[] nginx = nginxPerRequest.get(target).stream().mapToDouble(v -> v[0]).sorted().toArray();
                report.append(String.format(Locale.ROOT, "| %s | %,.0f | %.2f | %.2f | %d | %d | %.1f | %s | %.2f |%n",
                        target.title(), m.reqPerSec(), m.p50Ms(), m.p99Ms(), m.errors(), m.timeouts(), m.cpuUsPerRequest(),
                        target == targets.get(0) ? "–"
                                : String.format(Locale.ROOT, "%.1f", nginx[nginx.length / 2]),
                        m.cpuUsPerRequest() / reference));
            }
            report.append(String.format(Locale.ROOT, "%nThe cluster's own cost (switching sessions, records forwarded, "
                                                     + "against the same replicas without): %.2f x CPU per request.%n",
                    Result.median(targets.get(2).windows()).cpuUsPerRequest()
                    / Result.median(targets.get(3).windows()).cpuUsPerRequest()));
            report.append('\n').append("Windows (req/s, gateway CPU µs/request): ");
            report.append(targets.stream().map(t -> t.title().split(",")[0] + " " + t.windows().stream()
                    .map(r -> String.format(Locale.ROOT, "%,.0f (%.0f)", r.reqPerSec(), r.cpuUsPerRequest()))
                    .collect(Collectors.joining(" / "))).collect(Collectors.joining("; ")));
            report.append(String.format(Locale.ROOT, "%n%nPort switches during the measured windows: %d over %d sessions; "
                                                     + "ClientHellos they sent meanwhile: %d (0: one handshake per session "
                                                     + "for the whole run).%n", switches, switching, newHellos));
            out.accept("");
            out.accept(report.toString());
        } finally {
            switcher.shutdownNow();
            for (int i = resources.size() - 1; i >= 0; i--) {
                try {
                    resources.get(i).close();
                } catch (Exception e) {
                    out.accept("!! closing: " + e);
                }
            }
        }
        System.exit(0);
    }

    private static <T extends AutoCloseable> T closeLater(List<AutoCloseable> resources, T resource) {
        resources.add(resource);
        return resource;
    }

    private static int freePort() throws IOException {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port;
            try (var socket = new java.net.DatagramSocket(new InetSocketAddress(HOSTS.get(0), 0))) {
                port = socket.getLocalPort();
            }
            if (HOSTS.stream().allMatch(host -> free(host, port)) && free("127.0.0.1", port)) {
                return port;
            }
        }
        throw new IOException("no UDP port free on 127.0.0.1-4");
    }

    private static boolean free(String host, int port) {
        try (var socket = new java.net.DatagramSocket(new InetSocketAddress(host, port))) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** nginx's UDP stream proxy, round-robin over the upstreams, in the foreground from its own folder. */
    private static final class Nginx implements AutoCloseable {
        private final Process process;
        private final int port;

        Nginx(Path dir, List<String> upstreams) throws Exception {
            Files.createDirectories(dir);
            try (var socket = new java.net.DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
                port = socket.getLocalPort();
            }
            Path conf = dir.resolve("nginx.conf");
            Path errorLog = dir.resolve("error.log");
            Files.writeString(conf, (Files.exists(STREAM_MODULE) ? "load_module " + STREAM_MODULE + ";\n" : "")
                    + "worker_processes 1;\nworker_rlimit_nofile 8192;\nerror_log " + errorLog + " notice;\n"
                    + "pid " + dir.resolve("nginx.pid") + ";\nevents { worker_connections 4096; }\n"
                    + "stream {\n  upstream gateway {\n"
                    + upstreams.stream().map(u -> "    server " + u + ";\n").collect(Collectors.joining())
                    + "  }\n  server {\n    listen 127.0.0.1:" + port + " udp;\n    proxy_pass gateway;\n"
                    + "    proxy_timeout 30s;\n  }\n}\n");
            Files.deleteIfExists(errorLog);
            process = new ProcessBuilder(NGINX.toString(), "-p", dir.toString(), "-c", conf.toString(), "-e",
                    errorLog.toString(), "-g", "daemon off;").redirectErrorStream(true)
                    .redirectOutput(dir.resolve("nginx.out").toFile()).start();
            for (int i = 0; i < 200 && process.isAlive() && !(Files.exists(errorLog)
                    && Files.readString(errorLog).contains("start worker process")); i++) {
                Thread.sleep(50);
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("nginx did not start: " + Files.readString(dir.resolve("nginx.out")));
            }
        }

        InetSocketAddress address() {
            return new InetSocketAddress("127.0.0.1", port);
        }

        /** CPU time of nginx's master and worker (Linux /proc, clock ticks of 10 ms), nanoseconds. */
        long cpuNanos() {
            long ticks = 0;
            for (ProcessHandle p : List.of(process.toHandle())) {
                ticks += ticks(p.pid());
                for (ProcessHandle child : p.children().toList()) {
                    ticks += ticks(child.pid());
                }
            }
            return ticks * 10_000_000L;
        }

        private static long ticks(long pid) {
            try {
                String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                return Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
            } catch (IOException e) {
                return 0;
            }
        }

        @Override
        public void close() throws InterruptedException {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
