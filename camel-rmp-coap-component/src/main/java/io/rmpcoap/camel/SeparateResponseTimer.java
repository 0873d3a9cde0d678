package io.rmpcoap.camel;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.eclipse.californium.core.network.Exchange;

/**
 * Acknowledges the Confirmable requests a consumer's route has not answered within its separateResponseDelay, so that
 * the device does not retransmit them. Sweeps over a first-in, first-out queue instead of a timer task scheduled and
 * cancelled per request: the delay is the same for every request of a consumer, so the queue is in deadline order and
 * a sweep stops at the first request not yet due. Sweeps run only while requests wait, at most one every tenth of the
 * delay (5 to 50 ms): a request is acknowledged at most that late. An answered request needs no cancelling; its
 * acknowledgement is already sent (piggybacked), and Californium sends an empty ACK at most once.
 */
final class SeparateResponseTimer {

    private record Due(Exchange exchange, long deadline) {
    }

    private final Queue<Due> waiting = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService timer;
    private final long delayNanos;
    private final long periodNanos;
    /** Whether a sweep is scheduled (or running); then a newly watched request needs none of its own. */
    private final AtomicBoolean armed = new AtomicBoolean();
    private volatile ScheduledFuture<?> next;
    private volatile boolean closed;

    /** @param delayMillis at least 1: a delay of 0 acknowledges at once, without this timer */
    SeparateResponseTimer(ScheduledExecutorService timer, long delayMillis) {
        this.timer = timer;
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        this.periodNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(5, Math.min(50, delayMillis / 10)));
    }

    /** Acknowledges the request once the delay has passed, unless it has been answered by then. */
    void watch(Exchange exchange) {
        waiting.add(new Due(exchange, System.nanoTime() + delayNanos));
        if (armed.compareAndSet(false, true)) {
            schedule(delayNanos);
        }
    }

    private void sweep() {
        long now = System.nanoTime();
        Due head;
        while ((head = waiting.peek()) != null && now - head.deadline() >= 0) {
            waiting.poll();
            Exchange exchange = head.exchange();
            if (exchange.getCurrentResponse() == null && !exchange.isComplete()) {
                exchange.sendAccept();
            }
        }
        if (head != null) {
            schedule(Math.max(periodNanos, head.deadline() - now));
            return;
        }
        armed.set(false);
        // a request watched after the queue was found empty, before the flag was reset, still needs its sweep
        if (!waiting.isEmpty() && armed.compareAndSet(false, true)) {
            schedule(periodNanos);
        }
    }

    private void schedule(long delay) {
        if (closed) {
            return;
        }
        try {
            next = timer.schedule(this::sweep, delay, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException e) {
            // the component is stopping: nothing is acknowledged any more
        }
    }

    void close() {
        closed = true;
        ScheduledFuture<?> scheduled = next;
        if (scheduled != null) {
            scheduled.cancel(false);
        }
        waiting.clear();
    }
}
