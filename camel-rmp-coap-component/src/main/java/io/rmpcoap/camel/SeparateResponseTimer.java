package io.rmpcoap.camel;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.californium.core.network.Exchange;

/**
 * Acknowledges the Confirmable requests a consumer's route has not answered within its separateResponseDelay, so that
 * the device does not retransmit them. One sweep every few milliseconds over a first-in, first-out queue instead of a
 * timer task scheduled and cancelled per request: the delay is the same for every request of a consumer, so the queue
 * is in deadline order and a sweep stops at the first request not yet due. An answered request needs no cancelling;
 * its acknowledgement is already sent (piggybacked), and Californium sends an empty ACK at most once.
 */
final class SeparateResponseTimer {

    private record Due(Exchange exchange, long deadline) {
    }

    private final Queue<Due> waiting = new ConcurrentLinkedQueue<>();
    private final long delayNanos;
    private final ScheduledFuture<?> sweeper;

    /** @param delayMillis at least 1: a delay of 0 acknowledges at once, without this timer */
    SeparateResponseTimer(ScheduledExecutorService timer, long delayMillis) {
        this.delayNanos = TimeUnit.MILLISECONDS.toNanos(delayMillis);
        // a tenth of the delay, 5 to 50 ms: late by that at most, far inside a device's ACK timeout (2 s by default)
        long period = Math.max(5, Math.min(50, delayMillis / 10));
        this.sweeper = timer.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.MILLISECONDS);
    }

    /** Acknowledges the request once the delay has passed, unless it has been answered by then. */
    void watch(Exchange exchange) {
        waiting.add(new Due(exchange, System.nanoTime() + delayNanos));
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
    }

    void close() {
        sweeper.cancel(false);
        waiting.clear();
    }
}
