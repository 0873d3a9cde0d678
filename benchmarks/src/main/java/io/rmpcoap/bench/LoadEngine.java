package io.rmpcoap.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * The closed loop: a driver keeps {@code concurrency} requests outstanding (each slot sends its next request when the
 * previous one completes); the engine cuts the run into a warm-up and fixed measurement windows, and prints a progress
 * line every second.
 */
public final class LoadEngine {

    /** How a request ended. */
    public enum Status { OK, ERROR, TIMEOUT }

    /** Where drivers report each completed request. */
    public interface Sink {
        void done(long startNanos, Status status);
    }

    /** Keeps {@code concurrency} requests in flight until stopped. */
    public interface Driver {
        void start(int concurrency, Sink sink) throws Exception;

        /** Stops sending and waits (bounded) for the outstanding requests. */
        void stop() throws Exception;
    }

    /** The measurements of one window. */
    public record Result(int concurrency, long ok, double seconds, double p50Ms, double p99Ms, long errors, long timeouts,
                         double cpuUsPerRequest, double harnessUsPerRequest) {

        public double reqPerSec() {
            return ok / seconds;
        }

        public String line() {
            return String.format(Locale.ROOT, "%d %d %.3f %.3f %.3f %d %d %.2f %.2f", concurrency, ok, seconds, p50Ms, p99Ms,
                    errors, timeouts, cpuUsPerRequest, harnessUsPerRequest);
        }

        public static Result parse(String line) {
            String[] f = line.trim().split(" ");
            return new Result(Integer.parseInt(f[0]), Long.parseLong(f[1]), Double.parseDouble(f[2]),
                    Double.parseDouble(f[3]), Double.parseDouble(f[4]), Long.parseLong(f[5]), Long.parseLong(f[6]),
                    Double.parseDouble(f[7]), Double.parseDouble(f[8]));
        }

        /** The median of each figure over repetitions (errors and timeouts: summed). */
        public static Result median(List<Result> reps) {
            if (reps.size() == 1) {
                return reps.get(0);
            }
            return new Result(reps.get(0).concurrency, (long) median(reps.stream().mapToDouble(r -> r.ok / r.seconds).toArray()),
                    1.0, median(reps.stream().mapToDouble(Result::p50Ms).toArray()),
                    median(reps.stream().mapToDouble(Result::p99Ms).toArray()),
                    reps.stream().mapToLong(Result::errors).sum(), reps.stream().mapToLong(Result::timeouts).sum(),
                    median(reps.stream().mapToDouble(Result::cpuUsPerRequest).toArray()),
                    median(reps.stream().mapToDouble(Result::harnessUsPerRequest).toArray()));
        }

        private static double median(double[] values) {
            double[] v = values.clone();
            Arrays.sort(v);
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }

    private static final class Window {
        final AtomicLong ok = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong timeouts = new AtomicLong();
        final long[] latencyMicros = new long[1 << 21];
        final AtomicInteger n = new AtomicInteger();

        void record(long startNanos, Status status) {
            switch (status) {
                case OK -> {
                    ok.incrementAndGet();
                    int i = n.getAndIncrement();
                    if (i < latencyMicros.length) {
                        latencyMicros[i] = (System.nanoTime() - startNanos) / 1000;
                    }
                }
                case ERROR -> errors.incrementAndGet();
                case TIMEOUT -> timeouts.incrementAndGet();
            }
        }

        double percentile(long[] sorted, double p) {
            if (sorted.length == 0) {
                return Double.NaN;
            }
            int index = (int) Math.ceil(p * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1000.0;
        }
    }

    private final Consumer<String> progress;
    private volatile Window current;

    /** @param progress where the progress lines go */
    public LoadEngine(Consumer<String> progress) {
        this.progress = progress;
    }

    private final Sink sink = (start, status) -> {
        Window w = current;
        if (w != null) {
            w.record(start, status);
        }
    };

    /**
     * Runs one concurrency level: warm-up, then {@code reps} windows.
     *
     * @param cpu the target process's CPU time in nanoseconds
     */
    public List<Result> run(String label, Driver driver, int concurrency, double warmupSeconds, double windowSeconds, int reps,
                            LongSupplier cpu) throws Exception {
        return run(label, driver, concurrency, warmupSeconds, windowSeconds, reps, cpu, () -> 0);
    }

    /**
     * Runs one concurrency level and also measures the CPU time of the harness (load generator and HTTP echo server),
     * which shares the machine with the target.
     *
     * @param harnessCpu the harness processes' CPU time in nanoseconds, 0 when not measured
     */
    public List<Result> run(String label, Driver driver, int concurrency, double warmupSeconds, double windowSeconds, int reps,
                            LongSupplier cpu, LongSupplier harnessCpu) throws Exception {
        List<Result> results = new ArrayList<>();
        current = new Window();
        driver.start(concurrency, sink);
        try {
            watch(label + " warm-up", current, warmupSeconds);
            for (int rep = 1; rep <= reps; rep++) {
                Window w = new Window();
                long cpu0 = cpu.getAsLong();
                long harness0 = harnessCpu.getAsLong();
                long t0 = System.nanoTime();
                current = w;
                watch(label + " rep " + rep + "/" + reps, w, windowSeconds);
                current = null;
                double seconds = (System.nanoTime() - t0) / 1e9;
                long cpu1 = cpu.getAsLong();
                long harness1 = harnessCpu.getAsLong();
                int count = Math.min(w.n.get(), w.latencyMicros.length);
                long[] sorted = Arrays.copyOf(w.latencyMicros, count);
                Arrays.sort(sorted);
                long ok = w.ok.get();
                Result r = new Result(concurrency, ok, seconds, w.percentile(sorted, 0.50), w.percentile(sorted, 0.99),
                        w.errors.get(), w.timeouts.get(), ok == 0 ? Double.NaN : (cpu1 - cpu0) / 1000.0 / ok,
                        ok == 0 || harness0 == 0 ? Double.NaN : (harness1 - harness0) / 1000.0 / ok);
                results.add(r);
                progress.accept(String.format(Locale.ROOT, "%s rep %d/%d: %.0f req/s, p50 %.2f ms, p99 %.2f ms, errors %d, "
                                                           + "timeouts %d, %.1f µs CPU/request%s",
                        label, rep, reps, r.reqPerSec(), r.p50Ms(), r.p99Ms(), r.errors(), r.timeouts(), r.cpuUsPerRequest(),
                        Double.isNaN(r.harnessUsPerRequest()) ? ""
                                : String.format(Locale.ROOT, " (harness %.1f)", r.harnessUsPerRequest())));
                current = new Window();
            }
        } finally {
            current = null;
            driver.stop();
        }
        return results;
    }

    private void watch(String label, Window w, double seconds) throws InterruptedException {
        long end = System.nanoTime() + (long) (seconds * 1e9);
        long lastOk = 0;
        long lastT = System.nanoTime();
        while (true) {
            long now = System.nanoTime();
            if (now >= end) {
                return;
            }
            Thread.sleep(Math.min(1000, (end - now) / 1_000_000 + 1));
            long t = System.nanoTime();
            long ok = w.ok.get();
            if (t < end) {
                progress.accept(String.format(Locale.ROOT, "  %s: %.0f req/s, errors %d, timeouts %d", label,
                        (ok - lastOk) / ((t - lastT) / 1e9), w.errors.get(), w.timeouts.get()));
            }
            lastOk = ok;
            lastT = t;
        }
    }
}
