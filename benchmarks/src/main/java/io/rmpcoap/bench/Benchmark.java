package io.rmpcoap.bench;

import java.io.File;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Stream;

import io.rmpcoap.bench.CoapLoadDriver.Addressing;
import io.rmpcoap.bench.LoadEngine.Result;
import org.eclipse.californium.core.coap.CoAP;

/**
 * The launcher: starts the HTTP echo server, then each target in its own JVM behind it, runs the closed-loop load
 * against it, reads its CPU time and heap, stops it, and writes the side-by-side report.
 * <p>
 * Options: {@code --out FILE} (default BENCHMARKS.md), {@code --quick} (short windows, a smoke test),
 * {@code --only name,name} (targets: gateway, hand, camel-coap, proxy2, out-rmpcoap, out-camel-coap,
 * out-raw; and the experiments of {@code EXPERIMENTS}, e.g. hand-c256),
 * {@code --security udp,dtls}, {@code --sessions N} (idle DTLS sessions for the heap probe, default 1000),
 * {@code --endpoints N} (client sockets of the inbound load, default 64), {@code --warmup S} (seconds per inbound
 * target, default 40), {@code --reps N} and {@code --window S} (the c=64 windows, default 5 of 2 s), {@code --forks N}
 * (each inbound target's JVM started N times, in rotating order, the windows and handshake rounds of all pooled;
 * default 1),
 * {@code --levels 1,16,256} (the other concurrency levels, {@code none} to skip them and GET), {@code --no-handshakes},
 * {@code --handshake-rounds N} (handshake probes per target, taking turns; default 1), {@code --handshake-warmup N}
 * (handshakes per target before the first round, not measured; default: as many as a round), {@code --charts DIR} (where
 * the PNG charts go, default {@code benchmarks/charts} beside the report).
 */
public final class Benchmark {

    /** An inbound target: a CoAP-to-HTTP forwarder. */
    record Inbound(String id, String title, String mainClass, Addressing addressing, List<String> extraArgs, boolean full,
                   boolean overDtls) {

        Inbound(String id, String title, String mainClass, Addressing addressing) {
            this(id, title, mainClass, addressing, List.of(), true, true);
        }

        /** The experiment rows run over UDP only (unless they are about DTLS), to keep the whole run under 10 minutes. */
        boolean runs(String security) {
            return full || overDtls || "udp".equals(security);
        }
    }

    /** An outbound client kind. */
    record Outbound(String id, String title, String kind) {
    }

    static final List<Inbound> INBOUND = List.of(
            new Inbound("gateway", "rmpcoap gateway route", "io.rmpcoap.bench.targets.RmpGatewayTarget", Addressing.PROXY_URI),
            new Inbound("hand", "hand-written Californium + HttpClient 5 async", "io.rmpcoap.bench.targets.HandForwarderTarget",
                    Addressing.PROXY_URI),
            new Inbound("camel-coap", "plain Camel route camel-coap -> camel-http", "io.rmpcoap.bench.targets.CamelCoapRouteTarget",
                    Addressing.URI_PATH),
            new Inbound("proxy2", "californium-proxy2 3.9.1 forward proxy", "io.rmpcoap.bench.targets.Proxy2Target",
                    Addressing.PROXY_URI));

    /** Variants measured only when named with --only, e.g. to try a design before it goes into the product. */
    static final List<Inbound> EXPERIMENTS = List.of(
            // the shipped gateway uses a DTLS Connection ID (rmp.gateway.connectionIdLength=6); this is its cost
            new Inbound("gateway-no-cid", "gateway route without DTLS Connection ID (rmp.gateway.connectionIdLength blank)",
                    "io.rmpcoap.bench.targets.RmpGatewayTarget", Addressing.PROXY_URI,
                    List.of("rmp.gateway.connectionIdLength="), false, true),
            // the gateway of another build, for A/B runs: -Dbench.cp.gateway-before=<its component jar>,<its routes jar>
            new Inbound("gateway-before", "gateway route, the build before the change (-Dbench.cp.gateway-before)",
                    "io.rmpcoap.bench.targets.RmpGatewayTarget", Addressing.PROXY_URI, List.of(), false, true),
            // Camel's default: a new exchange per request (the shipped deployments pool them)
            new Inbound("gateway-prototype", "gateway route without pooled exchanges (camel.main.exchangeFactory=prototype)",
                    "io.rmpcoap.bench.targets.RmpGatewayTarget", Addressing.PROXY_URI,
                    List.of("camel.main.exchangeFactory=prototype"), false, true),
            // fewer workers than requests in flight: a worker finds the next request queued instead of parking for it
            new Inbound("gateway-w16", "gateway route with 16 workers (rmp.gateway.workerPoolSize=16)",
                    "io.rmpcoap.bench.targets.RmpGatewayTarget", Addressing.PROXY_URI,
                    List.of("rmp.gateway.workerPoolSize=16"), false, true),
            // as many pooled HTTP connections as the lean forwarder has (the gateway's default is 64)
            new Inbound("gateway-h16", "gateway route with 16 HTTP connections (rmp.gateway.httpConnections=16)",
                    "io.rmpcoap.bench.targets.RmpGatewayTarget", Addressing.PROXY_URI,
                    List.of("rmp.gateway.httpConnections=16"), false, true),
            // every answer as a separate response (an empty ACK at once, then the answer as a Confirmable message)
            new Inbound("gateway-separate", "gateway route answering every request with a separate response",
                    "io.rmpcoap.bench.targets.RmpGatewayTarget", Addressing.PROXY_URI,
                    List.of("rmp.gateway.separateResponseDelay=0"), false, true),
            // the hand-written forwarder set up otherwise, for A/B runs against hand (issue 16): a connection per request
            // in flight (as before), as many protocol threads as cores (as a CoapServer), two I/O threads (as
            // californium-proxy2's client), proxy2's 50 connections per route
            hand("hand-c256", "connections=256"),
            hand("hand-p2", "protocolThreads=2"),
            hand("hand-io2", "ioThreads=2"),
            hand("hand-c50", "connections=50"),
            hand("hand-c8", "connections=8"),
            // the Connection ID the shipped gateway uses (6 bytes), in the forwarder
            hand("hand-cid", "connectionIdLength=6"),
            // the gateway with the lean forwarder's single protocol thread (the component's default is 2)
            new Inbound("gateway-p1", "gateway route with one protocol thread (rmpcoap component protocolThreads=1)",
                    "io.rmpcoap.bench.targets.RmpGatewayTarget", Addressing.PROXY_URI,
                    List.of("protocolThreads=1"), false, true));

    private static Inbound hand(String id, String... options) {
        return new Inbound(id, "hand-written forwarder with " + String.join(", ", options),
                "io.rmpcoap.bench.targets.HandForwarderTarget", Addressing.PROXY_URI, List.of(options), false, true);
    }


    /** The inbound targets, then the experiments. */
    static List<Inbound> inboundTargets() {
        return Stream.concat(INBOUND.stream(), EXPERIMENTS.stream()).toList();
    }

    static final List<Outbound> OUTBOUND = List.of(
            new Outbound("out-rmpcoap", "rmpcoap producer (async)", "rmpcoap"),
            new Outbound("out-camel-coap", "camel-coap producer (blocking)", "camel-coap"),
            new Outbound("out-raw", "raw Californium async client", "raw"));

    /** Everything measured for one target and security mode. */
    static final class Runs {
        final List<Result> c64 = new ArrayList<>();
        final Map<Integer, Result> levels = new LinkedHashMap<>();
        Result get64;
        HandshakeProbe.Outcome handshakes;
        final List<HandshakeProbe.Outcome> handshakeRounds = new ArrayList<>();
        /** /proc counters per request of each c=64 window (null entries where /proc could not be read). */
        final List<ProcStats.PerRequest> kernel = new ArrayList<>();
        String failure;

        Result median() {
            return c64.isEmpty() ? null : Result.median(c64);
        }
    }

    private final Map<String, Runs> runs = new LinkedHashMap<>();
    private final Consumer<String> out = line -> {
        System.out.println(line);
        System.out.flush();
    };

    // plan
    // the Camel targets need 20-40 s of load before the JIT stops raising their rate on two shared cores (their CPU per
    // request falls from ~1,000 µs to ~100 µs meanwhile, see Child.JVM_OPTIONS); the forwarders settle within seconds;
    // the outbound clients' first window after 4 s was half their later ones; after 20 s the gateway's first windows
    // still cost 2-3 times its later ones (226, 236 against 74-89 µs per request over UDP, run full2), so 40 s
    private double warmup = 40;
    private double outboundWarmup = 8;
    /** Load before each window of a target's turn, after it sat idle during the others' turns. */
    private double turnWarmup = 0.5;
    private double window = 2;
    private int reps = 5;
    /** Each inbound target's JVM started this many times, the windows of all pooled: one JVM's JIT is one draw. */
    private int forks = 1;
    private double shortWarmup = 0.5;
    private double shortWindow = 1;
    private int[] otherLevels = {1, 16, 256};
    private boolean levelsAndGet = true;
    private boolean handshakes = true;
    private int handshakeRounds = 1;
    /**
     * Unmeasured handshakes per target before the rounds (null: one round's worth). The load before compiles only the
     * record layer: without them the first rounds measure the JIT compiling Scandium's handshake path (2,000-3,700 µs
     * of target CPU per handshake in round 1 against 300-900 µs later), which is done sooner in one JVM than in another.
     */
    private Integer handshakeWarmup;
    private int sessions = 1000;
    private int loadEndpoints = 64;

    private Benchmark() {
    }

    static String key(String id, String security) {
        return id + "/" + security;
    }

    public static void main(String[] args) throws Exception {
        Benchmark b = new Benchmark();
        File report = new File("BENCHMARKS.md");
        File charts = null;
        List<String> only = null;
        List<String> securities = List.of("udp", "dtls");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--out" -> report = new File(args[++i]);
                case "--charts" -> charts = new File(args[++i]);
                case "--quick" -> {
                    b.warmup = 1;
                    b.outboundWarmup = 1;
                    b.window = 1;
                    b.reps = 1;
                    b.shortWarmup = 0.5;
                    b.shortWindow = 1;
                    b.sessions = 200;
                }
                case "--only" -> only = List.of(args[++i].split(","));
                case "--security" -> securities = List.of(args[++i].split(","));
                case "--sessions" -> b.sessions = Integer.parseInt(args[++i]);
                case "--endpoints" -> b.loadEndpoints = Integer.parseInt(args[++i]);
                case "--warmup" -> b.warmup = Double.parseDouble(args[++i]);
                case "--reps" -> b.reps = Integer.parseInt(args[++i]);
                case "--window" -> b.window = Double.parseDouble(args[++i]);
                case "--forks" -> b.forks = Integer.parseInt(args[++i]);
                case "--levels" -> {
                    String levels = args[++i];
                    b.levelsAndGet = !"none".equals(levels);
                    b.otherLevels = b.levelsAndGet ? Stream.of(levels.split(",")).mapToInt(Integer::parseInt).toArray()
                            : new int[0];
                }
                case "--no-handshakes" -> b.handshakes = false;
                case "--handshake-rounds" -> b.handshakeRounds = Integer.parseInt(args[++i]);
                case "--handshake-warmup" -> b.handshakeWarmup = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        long t0 = System.nanoTime();
        b.runAll(only, securities);
        double minutes = (System.nanoTime() - t0) / 60e9;
        String command = System.getProperty("bench.command",
                "mvn -B -q -Pbench -pl benchmarks -am -DskipTests package && java -jar benchmarks/target/camel-rmp-coap-benchmarks-1.0.0-SNAPSHOT.jar");
        Path reportDir = report.getAbsoluteFile().getParentFile().toPath();
        Path chartsDir = charts == null ? reportDir.resolve("benchmarks/charts") : charts.toPath();
        String text = new Report(b, command, minutes, args, new Charts(b, chartsDir, reportDir)).render();
        Files.writeString(report.toPath(), text, StandardCharsets.UTF_8);
        b.out.accept(String.format(Locale.ROOT, "Wrote %s after %.1f minutes", report.getAbsolutePath(), minutes));
        System.exit(0);
    }

    private static File baseDir() {
        try {
            File jar = new File(Benchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParentFile();
        } catch (Exception e) {
            return new File(".");
        }
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            return socket.getLocalPort();
        }
    }

    private void runAll(List<String> only, List<String> securities) throws Exception {
        File base = baseDir();
        File logs = new File(base, "bench-logs");
        File work = new File(base, "bench-work");
        logs.mkdirs();
        work.mkdirs();
        out.accept("Logs of the targets: " + logs);
        try (Child echo = Child.start("echo-http", "io.rmpcoap.bench.targets.EchoHttpServer", List.of("0"), logs, work, out)) {
            String echoBase = "http://127.0.0.1:" + echo.port() + "/";
            out.accept("HTTP echo server on " + echoBase + " (pid " + echo.pid() + ")");
            for (String security : securities) {
                List<Inbound> targets = inboundTargets().stream()
                        .filter(t -> (only == null ? INBOUND.contains(t) : only.contains(t.id())) && t.runs(security))
                        .toList();
                for (int fork = 1; fork <= forks && !targets.isEmpty(); fork++) {
                    // each fork starts the targets in another order, so that no target always follows the same one
                    List<Inbound> order = new ArrayList<>(targets);
                    Collections.rotate(order, 1 - fork);
                    inbound(order, security, fork, echo, logs, work);
                }
            }
        }
        for (String security : securities) {
            if (only != null && OUTBOUND.stream().noneMatch(o -> only.contains(o.id()))) {
                break;
            }
            try (Child device = Child.start("coap-device-" + security, "io.rmpcoap.bench.targets.CoapDeviceTarget",
                    List.of(String.valueOf(freeUdpPort()), security), logs, work, out)) {
                outbound(OUTBOUND.stream().filter(o -> only == null || only.contains(o.id())).toList(), security,
                        device.port(), logs, work);
            }
        }
    }

    /** A started inbound target and its load generator. */
    private record Live(Inbound target, Child child, CoapLoadDriver driver, Runs runs) {
    }

    /**
     * All targets of one transport are started together and take turns, window by window, so that the background load
     * of a shared machine falls on all of them alike; only the one under load is busy.
     */
    private void inbound(List<Inbound> targets, String security, int fork, Child echo, File logs, File work)
            throws Exception {
        String echoBase = "http://127.0.0.1:" + echo.port() + "/";
        LongSupplier harnessCpu = () -> TargetSupport.processCpuNanos() + echo.cpuNanos();
        List<Live> live = new ArrayList<>();
        LoadEngine engine = new LoadEngine(out);
        try {
            for (Inbound target : targets) {
                Runs r = runs.computeIfAbsent(key(target.id(), security), k -> new Runs());
                Child child = null;
                try {
                    List<String> childArgs = new ArrayList<>(List.of(String.valueOf(freeUdpPort()), echoBase, security));
                    childArgs.addAll(target.extraArgs());
                    child = Child.start(target.id() + "-" + security, target.mainClass(), childArgs, logs, work, out);
                    CoapLoadDriver driver = new CoapLoadDriver(new InetSocketAddress("127.0.0.1", child.port()),
                            "dtls".equals(security), loadEndpoints, target.addressing(), echoBase);
                    live.add(new Live(target, child, driver, r));
                    out.accept("== started " + target.title() + ", " + security + ": pid " + child.pid() + ", port "
                               + child.port() + ", " + loadEndpoints + " client endpoints");
                } catch (Exception e) {
                    if (child != null) {
                        child.close();
                    }
                    fail(r, target.id() + " " + security, e);
                }
            }
            // 1. each target in turn: warm-up, POST and GET
            for (Live l : live) {
                l.driver().setMethod(null);
                guard(l, () -> engine.run(l.target().id() + " " + security + " POST+GET c=64", l.driver(), 64, warmup, 0, 0,
                        l.child()::cpuNanos));
                l.driver().setMethod(CoAP.Code.POST);
            }
            // 2. the headline: c=64 POST, the targets taking turns window by window
            for (int rep = 1; rep <= reps; rep++) {
                for (Live l : live) {
                    int n = rep;
                    guard(l, () -> {
                        ProcStats proc = new ProcStats(l.child());
                        List<Result> measured = engine.run(l.target().id() + " " + security + " POST c=64 (" + n + "/" + reps
                                                         + (forks > 1 ? " fork " + fork : "") + ")", l.driver(), 64,
                                turnWarmup, window, 1, proc::cpu,
                                harnessCpu);
                        l.runs().c64.addAll(measured);
                        ProcStats.PerRequest kernel = proc.perRequest(measured.get(0).ok());
                        l.runs().kernel.add(kernel);
                        if (kernel != null) {
                            out.accept(String.format(Locale.ROOT, "   per request: %.1f µs user, %.1f µs kernel, %.2f "
                                                                  + "context switches; of the CPU %.1f µs JIT, %.1f µs GC; "
                                                                  + "%.0f bytes allocated",
                                    kernel.userUs(), kernel.systemUs(), kernel.contextSwitches(), kernel.jitUs(),
                                    kernel.gcUs(), kernel.allocatedBytes()));
                        }
                        String threads = proc.threadsPerRequest(measured.get(0).ok());
                        if (threads != null) {
                            out.accept("   per request and thread:" + threads);
                        }
                        return null;
                    });
                }
            }
            // 3. each target in turn: the other concurrency levels and GET, once the JIT has settled (right after a 4 s
            // warm-up the gateway's c=1 rate was a fifth of its settled rate)
            for (Live l : levelsAndGet ? live : List.<Live>of()) {
                String label = l.target().id() + " " + security;
                guard(l, () -> {
                    for (int c : l.target().full() ? otherLevels : new int[0]) {
                        l.runs().levels.put(c, engine.run(label + " POST c=" + c, l.driver(), c, shortWarmup, shortWindow, 1,
                                l.child()::cpuNanos).get(0));
                    }
                    l.driver().setMethod(CoAP.Code.GET);
                    l.runs().get64 = engine.run(label + " GET c=64", l.driver(), 64, shortWarmup, shortWindow, 1,
                            l.child()::cpuNanos).get(0);
                    l.driver().setMethod(CoAP.Code.POST);
                    return null;
                });
            }
            // 4. DTLS handshakes and idle sessions: an unmeasured warm-up, then rounds taking turns like the windows; the
            // median round counts
            int warmupHandshakes = handshakeWarmup == null ? sessions : handshakeWarmup;
            for (Live l : handshakes && "dtls".equals(security) && warmupHandshakes > 0 ? live : List.<Live>of()) {
                String label = l.target().id() + " " + security;
                guard(l, () -> {
                    HandshakeProbe.Outcome h = HandshakeProbe.run(new InetSocketAddress("127.0.0.1", l.child().port()),
                            l.child(), warmupHandshakes, 32);
                    out.accept(String.format(Locale.ROOT, "   %s DTLS handshake warm-up: %d handshakes (%d failed): %.0f "
                                                          + "handshakes/s, %.0f µs target CPU per handshake (not counted)",
                            label, h.sessions(), h.failed(), h.handshakesPerSecond(), h.cpuUsPerHandshake()));
                    return null;
                });
            }
            for (int round = 1; round <= handshakeRounds; round++) for (Live l : live) {
                String label = l.target().id() + " " + security;
                if (!handshakes || !"dtls".equals(security)) {
                    continue;
                }
                guard(l, () -> {
                    out.accept("   " + label + " DTLS handshakes: " + sessions + " fresh sessions, 32 at a time");
                    HandshakeProbe.Outcome h = HandshakeProbe.run(new InetSocketAddress("127.0.0.1", l.child().port()),
                            l.child(), sessions, 32);
                    l.runs().handshakeRounds.add(h);
                    l.runs().handshakes = HandshakeProbe.median(l.runs().handshakeRounds);
                    out.accept(String.format(Locale.ROOT, "   %s: %d handshakes (%d failed): %.0f handshakes/s, %.0f µs "
                                                          + "target CPU per handshake, %.2f MiB heap per 1,000 idle sessions",
                            label, h.sessions(), h.failed(), h.handshakesPerSecond(), h.cpuUsPerHandshake(),
                            h.heapMiBPer1000()));
                    return null;
                });
            }
        } finally {
            for (Live l : live) {
                l.driver().close();
                l.child().close();
            }
        }
    }

    private interface Step {
        Object run() throws Exception;
    }

    private void guard(Live l, Step step) {
        if (l.runs().failure != null) {
            return;
        }
        try {
            step.run();
        } catch (Exception e) {
            fail(l.runs(), l.target().id(), e);
        }
    }

    private void fail(Runs r, String what, Exception e) {
        r.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        out.accept("!! " + what + " failed: " + r.failure);
    }

    /**
     * The clients of one transport are started together; each in turn runs its warm-up, then they take turns at c=64
     * window by window, then each runs the other levels, as the inbound targets do.
     */
    private void outbound(List<Outbound> clients, String security, int devicePort, File logs, File work) throws Exception {
        Map<Outbound, Child> live = new LinkedHashMap<>();
        try {
            for (Outbound client : clients) {
                Runs r = new Runs();
                runs.put(key(client.id(), security), r);
                try {
                    live.put(client, Child.start(client.id() + "-" + security, "io.rmpcoap.bench.targets.OutboundClient",
                            List.of(client.kind(), security, String.valueOf(devicePort)), logs, work, out));
                    out.accept("== outbound " + client.title() + ", " + security);
                } catch (Exception e) {
                    failOutbound(r, client, security, e);
                }
            }
            // as inbound: warm-up, the c=64 windows taking turns, then the other levels
            for (Outbound client : List.copyOf(live.keySet())) {
                // a plan ends with a result, which is how the launcher knows the client is done: the warm-up ends with
                // a short window that is not kept
                outboundStep(live, client, security, "64:" + (outboundWarmup - 0.5) + ":0.5:1", 1, (r, result) -> { });
            }
            for (int rep = 0; rep < reps; rep++) {
                for (Outbound client : List.copyOf(live.keySet())) {
                    outboundStep(live, client, security, "64:" + turnWarmup + ":" + window + ":1", 1,
                            (r, result) -> r.c64.add(result));
                }
            }
            StringBuilder plan = new StringBuilder();
            for (int c : otherLevels) {
                plan.append(plan.isEmpty() ? "" : ",").append(c).append(':').append(shortWarmup).append(':')
                        .append(shortWindow).append(":1");
            }
            for (Outbound client : List.copyOf(live.keySet())) {
                outboundStep(live, client, security, plan.toString(), otherLevels.length,
                        (r, result) -> r.levels.put(result.concurrency(), result));
            }
        } finally {
            live.values().forEach(Child::close);
        }
    }

    /** Has one client run a plan and collects its results; a client that fails is dropped from the turns. */
    private void outboundStep(Map<Outbound, Child> live, Outbound client, String security, String plan, int results,
                              BiConsumer<Runs, Result> collect) {
        Runs r = runs.get(key(client.id(), security));
        try {
            live.get(client).send(plan);
            for (int i = 0; i < results; i++) {
                collect.accept(r, Result.parse(require(live.get(client).nextResult(120_000), client)));
            }
        } catch (Exception e) {
            failOutbound(r, client, security, e);
            live.remove(client).close();
        }
    }

    private void failOutbound(Runs r, Outbound client, String security, Exception e) {
        r.failure = e.getClass().getSimpleName() + ": " + e.getMessage();
        out.accept("!! " + client.id() + " " + security + " failed: " + r.failure);
    }

    private static String require(String line, Outbound client) {
        if (line == null) {
            throw new IllegalStateException(client.id() + " ended without its results; see its log");
        }
        return line;
    }

    Map<String, Runs> runs() {
        return runs;
    }

    double window() {
        return window;
    }

    int reps() {
        return reps;
    }

    int forks() {
        return forks;
    }

    double warmup() {
        return warmup;
    }

    double outboundWarmup() {
        return outboundWarmup;
    }

    double turnWarmup() {
        return turnWarmup;
    }

    double shortWindow() {
        return shortWindow;
    }

    int sessions() {
        return sessions;
    }

    int loadEndpoints() {
        return loadEndpoints;
    }

    static String now() {
        return ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
    }
}
