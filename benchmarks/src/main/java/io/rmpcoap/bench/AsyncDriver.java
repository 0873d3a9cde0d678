package io.rmpcoap.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.rmpcoap.bench.LoadEngine.Status;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Response;

/**
 * A driver for asynchronous clients: no thread per request; each slot sends its next request from the completion of
 * the previous one. A request that has no answer after {@link BenchConfig#REQUEST_TIMEOUT_MS} counts as a timeout.
 */
public abstract class AsyncDriver implements LoadEngine.Driver {

    /** Completes a request exactly once. */
    public final class Completion {
        private final int slot;
        private final long start = System.nanoTime();
        private final AtomicBoolean done = new AtomicBoolean();
        private volatile ScheduledFuture<?> timer;
        private volatile Runnable onTimeout;
        private volatile boolean timedOut;

        Completion(int slot) {
            this.slot = slot;
        }

        /** Completes this with the outcome of a Californium request: 2.xx OK, no answer TIMEOUT, else ERROR. */
        public MessageObserverAdapter observer() {
            return new MessageObserverAdapter() {
                @Override
                public void onResponse(Response response) {
                    complete(response.isSuccess() ? Status.OK : Status.ERROR);
                }

                @Override
                public void onReject() {
                    complete(Status.ERROR);
                }

                @Override
                public void onTimeout() {
                    complete(Status.TIMEOUT);
                }

                @Override
                protected void failed() {
                    complete(Status.ERROR);
                }
            };
        }

        /** What to do (e.g. cancel the request) when the timeout passes. */
        public void onTimeout(Runnable action) {
            this.onTimeout = action;
        }

        public void complete(Status status) {
            if (!done.compareAndSet(false, true)) {
                return;
            }
            if (timedOut) {
                status = Status.TIMEOUT;
            }
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            outstanding.decrementAndGet();
            sink.done(start, status);
            next(slot);
        }

        void arm() {
            timer = timers.schedule(() -> {
                timedOut = true;
                Runnable action = onTimeout;
                if (action != null && !done.get()) {
                    try {
                        action.run();
                    } catch (RuntimeException ignored) {
                        // counted as a timeout anyway
                    }
                }
                complete(Status.TIMEOUT);
            }, BenchConfig.REQUEST_TIMEOUT_MS, TimeUnit.MILLISECONDS);
        }
    }

    private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "bench-timeouts");
        t.setDaemon(true);
        return t;
    });
    private final ExecutorService trampoline = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "bench-trampoline");
        t.setDaemon(true);
        return t;
    });
    private final AtomicInteger outstanding = new AtomicInteger();
    private volatile boolean running;
    private volatile LoadEngine.Sink sink;

    /** Sends one request for the slot; completes {@code completion} from the answer, error or not at all (timeout). */
    protected abstract void send(int slot, Completion completion) throws Exception;

    @Override
    public void start(int concurrency, LoadEngine.Sink sink) {
        this.sink = sink;
        running = true;
        for (int slot = 0; slot < concurrency; slot++) {
            next(slot);
        }
    }

    private void next(int slot) {
        if (!running) {
            return;
        }
        int[] depth = DEPTH.get();
        if (depth[0] > 8) {
            // a synchronous completion chain: continue on another thread instead of growing the stack
            trampoline.execute(() -> next(slot));
            return;
        }
        depth[0]++;
        try {
            Completion completion = new Completion(slot);
            outstanding.incrementAndGet();
            completion.arm();
            try {
                send(slot, completion);
            } catch (Exception e) {
                completion.complete(Status.ERROR);
            }
        } finally {
            depth[0]--;
        }
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(BenchConfig.REQUEST_TIMEOUT_MS + 1000);
        while (outstanding.get() > 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
    }

    /** Ends the driver's own threads. */
    public void close() {
        running = false;
        timers.shutdownNow();
        trampoline.shutdownNow();
    }
}
