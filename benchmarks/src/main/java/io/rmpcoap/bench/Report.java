package io.rmpcoap.bench;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.function.Function;

import io.rmpcoap.bench.Benchmark.Runs;
import io.rmpcoap.bench.LoadEngine.Result;

/** Renders BENCHMARKS.md from one run. */
final class Report {

    private final Benchmark b;
    private final String command;
    private final double minutes;
    private final String[] args;
    private final Charts charts;
    private final StringBuilder md = new StringBuilder();

    Report(Benchmark b, String command, double minutes, String[] args, Charts charts) {
        this.b = b;
        this.command = command;
        this.minutes = minutes;
        this.args = args;
        this.charts = charts;
    }

    /** A chart's Markdown and a blank line, or nothing when it had nothing to draw. */
    private void chart(String markdown) {
        if (!markdown.isEmpty()) {
            line("%s", markdown);
            line("");
        }
    }

    private void line(String format, Object... values) {
        md.append(String.format(Locale.ROOT, format, values)).append('\n');
    }

    private static String f0(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String f2(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f1(double v) {
        return Double.isNaN(v) ? "–" : String.format(Locale.ROOT, "%.1f", v);
    }

    private Runs runs(String id, String security) {
        return b.runs().get(Benchmark.key(id, security));
    }

    private Result c64(String id, String security) {
        Runs r = runs(id, security);
        return r == null ? null : r.median();
    }

    String render() {
        line("# Benchmarks");
        line("");
        line("Produced by one run of (from the repository root):");
        line("");
        line("```sh");
        line("%s%s", command, args.length == 0 ? "" : " " + String.join(" ", args));
        line("```");
        line("");
        line("Run %s on %d cores (%s %s), Java %s; the whole run took %.1f minutes. Each target ran in its own JVM (%s), "
             + "all behind the same local HTTP echo server (its own JVM, one NIO selector thread); the load generator ran in "
             + "the launcher's JVM on the same machine. The machine is a shared VM whose speed varies from minute to minute, so "
             + "compare the ratios within this run rather than absolute numbers across runs.",
                Benchmark.now(), Runtime.getRuntime().availableProcessors(), System.getProperty("os.name"),
                System.getProperty("os.arch"), System.getProperty("java.version"), minutes, String.join(" ", Child.JVM_OPTIONS));
        line("");
        line("**Load:** closed loop, Confirmable requests built, serialized and parsed with Californium 3.14: POST with a "
             + "%d-byte JSON body (and GET), `c` requests outstanding at all times, spread over %d client sockets (distinct "
             + "source ports, so %d DTLS sessions; plain UDP on one selector thread, DTLS on Scandium connectors, no "
             + "CoapEndpoint, so that the load costs the shared cores little). Warm-up %.0f s per inbound target (POST and "
             + "GET; the Camel routes need that long before the JIT settles, see the analysis) and %.0f s per outbound "
             + "client, then %d windows of %.1f s at c=64, the targets taking turns, each window after %.1f s of load "
             + "(tables show the median of the windows%s); then c=1, 16, 256 and GET: one short window each. A request "
             + "without an answer after %d ms is a timeout; an answer other than 2.xx is an error. **CPU µs/request** is "
             + "the CPU time (all threads, `OperatingSystemMXBean.getProcessCpuTime`) of the target process during the "
             + "window divided by the requests it completed; for the outbound rows the target is the client process itself "
             + "(including its load loop). **Harness CPU µs/request** is the same for the load generator and the HTTP echo "
             + "server together: the harness shares the %d cores with the target, so a target's req/s is bounded by cores "
             + "/ (its CPU + the harness's CPU) per request.",
                BenchConfig.BODY.length, b.loadEndpoints(), b.loadEndpoints(), b.warmup(), b.outboundWarmup(), b.reps(),
                b.window(), b.turnWarmup(), b.forks() > 1 ? ", of all " + b.forks() + " forks: each inbound target's JVM "
                        + "started " + b.forks() + " times, warmed up and measured each time" : "",
                BenchConfig.REQUEST_TIMEOUT_MS, Runtime.getRuntime().availableProcessors());
        line("");
        line("Requests carry `Proxy-Uri: http://127.0.0.1:ECHO/echo?key=<Base64(user:password)>`; camel-coap has no "
             + "forward-proxy mode, so its route is bound to the backend and requests use `Uri-Path: echo`, `Uri-Query: key=…`. "
             + "DTLS is PSK with TLS_PSK_WITH_AES_128_CCM_8.");
        line("");

        inboundTables();
        outboundTables();
        targets();

        File analysis = new File(new File(System.getProperty("user.dir")), "benchmarks/analysis.md");
        if (analysis.isFile()) {
            try {
                line("");
                md.append(Files.readString(analysis.toPath(), StandardCharsets.UTF_8));
            } catch (Exception e) {
                // no analysis then
            }
        }
        return md.toString();
    }

    private void inboundTables() {
        line("## Inbound: CoAP -> HTTP, CON POST, c=64");
        line("");
        line("| target | transport | req/s | p50 ms | p99 ms | errors | timeouts | CPU µs/request | harness CPU µs/request |");
        line("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Benchmark.Inbound t : Benchmark.inboundTargets()) {
            for (String sec : List.of("udp", "dtls")) {
                Runs r = runs(t.id(), sec);
                if (r == null) {
                    continue;
                }
                if (r.failure != null && r.c64.isEmpty()) {
                    line("| %s | %s | failed: %s | | | | | | |", t.title(), sec, r.failure.replace("|", "/"));
                    continue;
                }
                Result m = r.median();
                line("| %s | %s | %s | %s | %s | %d | %d | %s | %s |", t.title(), sec, f0(m.reqPerSec()), f2(m.p50Ms()),
                        f2(m.p99Ms()), m.errors(), m.timeouts(), f1(m.cpuUsPerRequest()), f1(m.harnessUsPerRequest()));
            }
        }
        line("");
        line("Per request, medians of the c=64 windows, from /proc (user and kernel CPU, context switches of all the "
             + "target's threads; JFR's samples show Java code only): %s", kernel(Benchmark.inboundTargets().stream()
                .map(Benchmark.Inbound::id).toList()));
        line("");
        line("Each window of c=64, in the order run (req/s, CPU µs/request): %s", windows(Benchmark.inboundTargets().stream().map(Benchmark.Inbound::id).toList()));
        line("");
        chart(charts.inboundThroughput());
        chart(charts.inboundLatency());
        line("### Inbound, other concurrency levels and GET (one window each)");
        line("");
        line("req/s, then p99 ms in brackets; errors+timeouts after a slash when not zero.");
        line("");
        line("| target | transport | POST c=1 | POST c=16 | POST c=256 | GET c=64 | CPU µs/req GET c=64 |");
        line("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        for (Benchmark.Inbound t : Benchmark.inboundTargets()) {
            for (String sec : List.of("udp", "dtls")) {
                Runs r = runs(t.id(), sec);
                if (r == null || r.c64.isEmpty()) {
                    continue;
                }
                line("| %s | %s | %s | %s | %s | %s | %s |", t.title(), sec, cell(r.levels.get(1)), cell(r.levels.get(16)),
                        cell(r.levels.get(256)), cell(r.get64), r.get64 == null ? "–" : f1(r.get64.cpuUsPerRequest()));
            }
        }
        line("");
        chart(charts.inboundTail());
        line("### DTLS handshakes and idle sessions");
        line("");
        line("Fresh PSK clients (new source port each) do a full handshake (with HelloVerifyRequest) and one CoAP ping, 32 "
             + "at a time, then vanish without close_notify; the target's used heap after full GCs is compared before and "
             + "after. Handshakes/s is limited by both sides: the clients run on the same 2 cores.");
        line("");
        line("| target | sessions | failed | handshakes/s | target CPU µs per handshake | heap MiB per 1,000 idle sessions | "
             + "rounds: handshakes/s @ µs |");
        line("| --- | ---: | ---: | ---: | ---: | ---: | --- |");
        for (Benchmark.Inbound t : Benchmark.inboundTargets()) {
            Runs r = runs(t.id(), "dtls");
            if (r == null || r.handshakes == null) {
                continue;
            }
            line("| %s | %d | %d | %s | %s | %s | %s |", t.title(), r.handshakes.sessions(), r.handshakes.failed(),
                    f0(r.handshakes.handshakesPerSecond()), f0(r.handshakes.cpuUsPerHandshake()),
                    f2(r.handshakes.heapMiBPer1000()), r.handshakeRounds.stream()
                            .map(h -> f0(h.handshakesPerSecond()) + " @ " + f0(h.cpuUsPerHandshake()))
                            .collect(java.util.stream.Collectors.joining(" / ")));
        }
        line("");
    }

    private String windows(List<String> ids) {
        StringBuilder s = new StringBuilder();
        for (String id : ids) {
            for (String sec : List.of("udp", "dtls")) {
                Runs r = runs(id, sec);
                if (r == null || r.c64.isEmpty()) {
                    continue;
                }
                s.append(s.length() == 0 ? "" : "; ").append(id).append(' ').append(sec).append(' ');
                s.append(String.join(" / ", r.c64.stream().map(x -> f0(x.reqPerSec()) + " @ " + f0(x.cpuUsPerRequest()))
                        .toList()));
            }
        }
        return s.toString();
    }

    private String kernel(List<String> ids) {
        StringBuilder s = new StringBuilder();
        for (String id : ids) {
            for (String sec : List.of("udp", "dtls")) {
                Runs r = runs(id, sec);
                if (r == null || r.kernel.stream().noneMatch(java.util.Objects::nonNull)) {
                    continue;
                }
                List<ProcStats.PerRequest> k = r.kernel.stream().filter(java.util.Objects::nonNull).toList();
                s.append(s.length() == 0 ? "" : "; ").append(id).append(' ').append(sec).append(' ')
                        .append(f1(median(k.stream().mapToDouble(ProcStats.PerRequest::userUs).toArray()))).append(" µs user, ")
                        .append(f1(median(k.stream().mapToDouble(ProcStats.PerRequest::systemUs).toArray())))
                        .append(" µs kernel, ")
                        .append(f2(median(k.stream().mapToDouble(ProcStats.PerRequest::contextSwitches).toArray())))
                        .append(" context switches, ")
                        .append(f0(median(k.stream().mapToDouble(ProcStats.PerRequest::allocatedBytes).toArray())))
                        .append(" bytes allocated");
            }
        }
        return s.toString();
    }

    private static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length == 0 ? Double.NaN : v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static String cell(Result r) {
        if (r == null) {
            return "–";
        }
        long bad = r.errors() + r.timeouts();
        return f0(r.reqPerSec()) + " (" + f2(r.p99Ms()) + ")" + (bad > 0 ? " / " + bad : "");
    }

    private void outboundTables() {
        line("## Outbound: Camel producer -> CoAP device, CON POST");
        line("");
        line("Each client in its own JVM sends to the same Californium device (its own JVM, resource `echo`) over one "
             + "client endpoint; rmpcoap and the raw client are asynchronous (no thread per request), camel-coap's producer "
             + "blocks, so it runs one thread per outstanding request. CPU is the client process's own. As inbound, the "
             + "clients of one transport are started together and take turns at c=64, window by window.");
        line("");
        line("| client | transport | c=64 req/s | p50 ms | p99 ms | errors | timeouts | CPU µs/request | c=1 | c=16 | c=256 |");
        line("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        for (Benchmark.Outbound t : Benchmark.OUTBOUND) {
            for (String sec : List.of("udp", "dtls")) {
                Runs r = runs(t.id(), sec);
                if (r == null) {
                    continue;
                }
                if (r.c64.isEmpty()) {
                    line("| %s | %s | failed: %s | | | | | | | | |", t.title(), sec, String.valueOf(r.failure).replace("|", "/"));
                    continue;
                }
                Result m = r.median();
                line("| %s | %s | %s | %s | %s | %d | %d | %s | %s | %s | %s |", t.title(), sec, f0(m.reqPerSec()),
                        f2(m.p50Ms()), f2(m.p99Ms()), m.errors(), m.timeouts(), f1(m.cpuUsPerRequest()),
                        cell(r.levels.get(1)), cell(r.levels.get(16)), cell(r.levels.get(256)));
            }
        }
        line("");
        line("Per request, medians of the c=64 windows, from /proc (user and kernel CPU, context switches of all the "
             + "target's threads; JFR's samples show Java code only): %s", kernel(Benchmark.inboundTargets().stream()
                .map(Benchmark.Inbound::id).toList()));
        line("");
        line("Each window of c=64, in the order run (req/s, CPU µs/request): %s", windows(Benchmark.OUTBOUND.stream().map(Benchmark.Outbound::id).toList()));
        line("");
        chart(charts.outboundThroughput());
    }

    private void targets() {
        line("## Targets (c=64, medians)");
        line("");
        line("| target | transport | measured | goal | met |");
        line("| --- | --- | ---: | ---: | :---: |");
        // issue 16: the gateway against the lean forwarder, and the forwarder against californium-proxy2
        for (String sec : List.of("udp", "dtls")) {
            cpuRatio("gateway CPU per request vs lean forwarder", sec, "gateway", "hand", 1.15, true);
            ratio("gateway vs lean forwarder", sec, "gateway", "hand", 0.9);
            cpuRatio("lean forwarder CPU per request vs californium-proxy2", sec, "hand", "proxy2", 1.0, false);
        }
        Runs gh = runs("gateway", "dtls");
        Runs hh = runs("hand", "dtls");
        if (gh != null && hh != null && gh.handshakes != null && hh.handshakes != null) {
            double x = gh.handshakes.handshakesPerSecond() / hh.handshakes.handshakesPerSecond();
            verdict("gateway DTLS handshakes/s vs lean forwarder", "dtls", f2(x) + "x (" + f0(gh.handshakes.handshakesPerSecond())
                    + " / " + f0(hh.handshakes.handshakesPerSecond()) + ")", ">= 0.95x", x >= 0.95);
        }
        for (String sec : List.of("udp", "dtls")) {
            ratio("gateway vs californium-proxy2", sec, "gateway", "proxy2", 1.5);
            ratio("gateway vs plain Camel route", sec, "gateway", "camel-coap", 4.0);
            ratio("gateway vs hand-written forwarder", sec, "gateway", "hand", 0.7);
            Result g = c64("gateway", sec);
            if (g != null) {
                verdict("gateway CPU per request", sec, f1(g.cpuUsPerRequest()) + " µs", "<= 90 µs", g.cpuUsPerRequest() <= 90);
                verdict("gateway p99 latency", sec, f2(g.p99Ms()) + " ms", "<= 15 ms", g.p99Ms() <= 15);
            }
        }
        Result gu = c64("gateway", "udp");
        Result gd = c64("gateway", "dtls");
        if (gu != null && gd != null) {
            double x = gd.reqPerSec() / gu.reqPerSec();
            verdict("gateway DTLS PSK vs gateway plain UDP", "dtls/udp", f2(x) + "x", ">= 0.8x", x >= 0.8);
        }
        for (String sec : List.of("udp", "dtls")) {
            ratio("rmpcoap producer vs camel-coap producer", sec, "out-rmpcoap", "out-camel-coap", 1.7);
            ratio("rmpcoap producer vs raw async client", sec, "out-rmpcoap", "out-raw", 0.9);
        }
        Runs hs = runs("gateway", "dtls");
        if (hs != null && hs.handshakes != null) {
            verdict("gateway heap per 1,000 idle DTLS sessions", "dtls", f2(hs.handshakes.heapMiBPer1000()) + " MiB",
                    "<= 2 MiB", hs.handshakes.heapMiBPer1000() <= 2);
        }
        line("");
    }

    private void ratio(String title, String sec, String a, String b, double goal) {
        Result ra = c64(a, sec);
        Result rb = c64(b, sec);
        if (ra == null || rb == null || !(rb.reqPerSec() > 0)) {
            if (ra != null) {
                verdict(title, sec, rb == null ? "no " + b + " column" : b + " completed no request", ">= " + goal + "x",
                        null);
            }
            return;
        }
        double x = ra.reqPerSec() / rb.reqPerSec();
        verdict(title, sec, f2(x) + "x (" + f0(ra.reqPerSec()) + " / " + f0(rb.reqPerSec()) + ")"
                            + windowByWindow(a, b, sec, Result::reqPerSec), ">= " + goal + "x", x >= goal);
    }

    /** CPU µs/request of {@code a} over {@code b}'s; the goal is an upper bound. */
    private void cpuRatio(String title, String sec, String a, String b, double goal, boolean printGoal) {
        Result ra = c64(a, sec);
        Result rb = c64(b, sec);
        if (ra == null || rb == null || !(rb.cpuUsPerRequest() > 0)) {
            return;
        }
        double x = ra.cpuUsPerRequest() / rb.cpuUsPerRequest();
        verdict(title, sec, f2(x) + "x (" + f1(ra.cpuUsPerRequest()) + " / " + f1(rb.cpuUsPerRequest()) + " µs)"
                            + windowByWindow(a, b, sec, Result::cpuUsPerRequest),
                "<= " + (printGoal ? f2(goal) : "1") + "x", x <= goal);
    }

    /**
     * The ratio of the windows the two targets ran one after the other (median, range): unlike the ratio of the medians,
     * it does not move when the machine gets slower or faster between windows or forks.
     */
    private String windowByWindow(String a, String b, String sec, ToDoubleFunction<Result> value) {
        List<Result> wa = runs(a, sec).c64;
        List<Result> wb = runs(b, sec).c64;
        if (wa.size() != wb.size() || wa.size() < 2) {
            return "";
        }
        double[] ratios = new double[wa.size()];
        for (int i = 0; i < ratios.length; i++) {
            ratios[i] = value.applyAsDouble(wa.get(i)) / value.applyAsDouble(wb.get(i));
        }
        Arrays.sort(ratios);
        int n = ratios.length;
        double median = n % 2 == 1 ? ratios[n / 2] : (ratios[n / 2 - 1] + ratios[n / 2]) / 2;
        return "; window by window " + f2(median) + "x (" + f2(ratios[0]) + "–" + f2(ratios[n - 1]) + ")";
    }

    private void verdict(String title, String sec, String measured, String goal, Boolean met) {
        line("| %s | %s | %s | %s | %s |", title, sec, measured, goal, met == null ? "n/a" : met ? "yes" : "**no**");
    }

    @SuppressWarnings("unused")
    private static <T> String join(List<T> list, Function<T, String> f) {
        return String.join(", ", list.stream().map(f).toList());
    }
}
