package io.rmpcoap.bench;

import java.util.ArrayList;
import java.util.List;

import io.rmpcoap.bench.LoadEngine.Status;

/** A driver for blocking clients: one thread per slot, each sending its next request when the previous returns. */
public abstract class ThreadDriver implements LoadEngine.Driver {

    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;
    private volatile int generation;
    private volatile boolean reported;

    /** Sends one request and blocks until it completes. */
    protected abstract Status call(int slot) throws Exception;

    @Override
    public void start(int concurrency, LoadEngine.Sink sink) {
        running = true;
        int gen = ++generation;
        for (int slot = 0; slot < concurrency; slot++) {
            int s = slot;
            Thread t = new Thread(() -> {
                while (running && generation == gen) {
                    long start = System.nanoTime();
                    Status status;
                    try {
                        status = call(s);
                    } catch (Exception e) {
                        if (!reported) {
                            reported = true;
                            System.err.println("first failure of " + Thread.currentThread().getName() + ": " + e);
                        }
                        status = e.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT).contains("timeout")
                                ? Status.TIMEOUT : Status.ERROR;
                    }
                    if (generation == gen) {
                        // a call that outlived its level (stop gave up on it) is not counted in the next one
                        sink.done(start, status);
                    }
                }
            }, "bench-slot-" + slot);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        long deadline = System.currentTimeMillis() + BenchConfig.REQUEST_TIMEOUT_MS + 2000;
        for (Thread t : threads) {
            t.join(Math.max(1, deadline - System.currentTimeMillis()));
        }
        generation++;
        threads.clear();
    }
}
