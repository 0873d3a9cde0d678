package io.rmpcoap.camel;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.network.KeyMID;
import org.eclipse.californium.core.network.deduplication.Deduplicator;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.util.ClockUtil;

/**
 * A server's deduplication store with a hard cap on its size, whatever the number of peers: plain-coap source
 * addresses can be spoofed, so a store bounded per peer (Californium's PEERS_MARK_AND_SWEEP) still grows with traffic.
 * Like Californium's mark-and-sweep stores it forgets a message EXCHANGE_LIFETIME after it arrived (swept every
 * MARK_AND_SWEEP_INTERVAL); at the cap it forgets the oldest message first, as Californium's per-peer store does within
 * one peer. A retransmission is therefore recognised while its original is among the newest {@code capacity}
 * messages, i.e. for {@code capacity / request rate} seconds under load (never longer than EXCHANGE_LIFETIME).
 */
final class BoundedDeduplicator implements Deduplicator {

    private record Entry(KeyMID key, Exchange exchange, long nanos) {
    }

    private final ConcurrentHashMap<KeyMID, Entry> entries = new ConcurrentHashMap<>();
    /** Every entry added, oldest first; entries already replaced or swept are skipped when they reach the head. */
    private final ConcurrentLinkedQueue<Entry> order = new ConcurrentLinkedQueue<>();
    private final AtomicInteger ordered = new AtomicInteger();
    private final int capacity;
    private final long lifetimeNanos;
    private final long sweepIntervalMillis;
    private final boolean replace;
    private ScheduledExecutorService executor;
    private ScheduledFuture<?> sweeper;

    BoundedDeduplicator(Configuration configuration, int capacity) {
        this.capacity = capacity;
        this.lifetimeNanos = configuration.get(CoapConfig.EXCHANGE_LIFETIME, TimeUnit.NANOSECONDS);
        this.sweepIntervalMillis = configuration.get(CoapConfig.MARK_AND_SWEEP_INTERVAL, TimeUnit.MILLISECONDS);
        this.replace = configuration.get(CoapConfig.DEDUPLICATOR_AUTO_REPLACE);
    }

    @Override
    public synchronized void start() {
        if (sweeper == null && executor != null) {
            sweeper = executor.scheduleAtFixedRate(this::sweep, sweepIntervalMillis, sweepIntervalMillis,
                    TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public synchronized void stop() {
        if (sweeper != null) {
            sweeper.cancel(false);
            sweeper = null;
        }
        clear();
    }

    @Override
    public synchronized void setExecutor(ScheduledExecutorService executor) {
        if (sweeper != null) {
            throw new IllegalStateException("executor service can not be set on running Deduplicator");
        }
        this.executor = executor;
    }

    @Override
    public Exchange findPrevious(KeyMID key, Exchange exchange) {
        Entry fresh = new Entry(key, exchange, ClockUtil.nanoRealtime());
        Entry previous = entries.putIfAbsent(key, fresh);
        // as Californium's stores: with auto-replace, an exchange of the other origin replaces the remembered one
        if (previous != null && replace && previous.exchange().getOrigin() != exchange.getOrigin()) {
            previous = entries.replace(key, previous, fresh) ? null : entries.putIfAbsent(key, fresh);
        }
        if (previous != null) {
            return previous.exchange();
        }
        added(fresh);
        return null;
    }

    @Override
    public boolean replacePrevious(KeyMID key, Exchange previous, Exchange exchange) {
        Entry current = entries.get(key);
        if (current == null || current.exchange() != previous) {
            return false;
        }
        Entry fresh = new Entry(key, exchange, ClockUtil.nanoRealtime());
        if (!entries.replace(key, current, fresh)) {
            return false;
        }
        added(fresh);
        return true;
    }

    @Override
    public Exchange find(KeyMID key) {
        Entry entry = entries.get(key);
        return entry == null ? null : entry.exchange();
    }

    private void added(Entry entry) {
        order.add(entry);
        if (ordered.incrementAndGet() > capacity) {
            synchronized (order) {
                while (ordered.get() > capacity) {
                    forgetOldest();
                }
            }
        }
    }

    /** Removes the queue's head and, unless it was replaced or swept already, its entry. Callers hold the lock. */
    private Entry forgetOldest() {
        Entry oldest = order.poll();
        if (oldest != null) {
            ordered.decrementAndGet();
            entries.remove(oldest.key(), oldest);
        }
        return oldest;
    }

    private void sweep() {
        long oldestAllowed = ClockUtil.nanoRealtime() - lifetimeNanos;
        synchronized (order) {
            Entry head;
            while ((head = order.peek()) != null && head.nanos() - oldestAllowed < 0) {
                forgetOldest();
            }
        }
    }

    @Override
    public void clear() {
        synchronized (order) {
            entries.clear();
            order.clear();
            ordered.set(0);
        }
    }

    /** How many of the exchanges held match; a snapshot, for the rare moments that ask (a graceful stop). */
    int count(Predicate<Exchange> test) {
        int count = 0;
        for (Entry entry : entries.values()) {
            if (test.test(entry.exchange())) {
                count++;
            }
        }
        return count;
    }

    @Override
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    @Override
    public int size() {
        return entries.size();
    }
}
