package io.rmpcoap.camel.metrics;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter.MeterProvider;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.rmpcoap.camel.dtls.DtlsClusterMeter;
import io.rmpcoap.camel.dtls.DtlsMeter;
import io.rmpcoap.camel.dtls.HandshakeFailure;
import org.eclipse.californium.core.network.deduplication.Deduplicator;

/**
 * The component's Micrometer meters: requests the consumers answered (by CoAP code, method and target host), requests
 * the producers sent (by code and device host), their latency, DTLS handshakes and dropped records, and the size of
 * each server's deduplication store. Target hosts are tagged only as the route declares them (exchange property
 * {@code CamelRmpCoapMetricsTarget}) and at most {@link #MAX_TARGETS} distinct ones, so devices cannot grow the number
 * of meters without bound.
 */
public final class RmpCoapMetrics {

    /** Tag value for requests that named no target, or whose target the route refused. */
    public static final String NO_TARGET = "none";
    /** The most distinct target tags; requests to further targets are tagged {@link #OTHER_TARGET}. */
    public static final int MAX_TARGETS = 100;
    /** Tag value for targets beyond the first {@link #MAX_TARGETS}. */
    public static final String OTHER_TARGET = "other";

    private final MeterRegistry registry;
    private final MeterProvider<Timer> serverRequests;
    private final MeterProvider<Timer> clientRequests;
    private final Set<String> targets = ConcurrentHashMap.newKeySet();

    private RmpCoapMetrics(MeterRegistry registry) {
        this.registry = registry;
        // built once: a request only adds its tags
        this.serverRequests = registry == null ? null : Timer.builder("rmpcoap.server.requests")
                .description("CoAP requests answered by rmpcoap consumers").withRegistry(registry);
        this.clientRequests = registry == null ? null : Timer.builder("rmpcoap.client.requests")
                .description("CoAP requests sent by rmpcoap producers").withRegistry(registry);
    }

    /** Meters in the given registry, or none at all when it is null. */
    public static RmpCoapMetrics of(MeterRegistry registry) {
        return new RmpCoapMetrics(registry);
    }

    public boolean isEnabled() {
        return registry != null;
    }

    /** The refusal reasons the request meter tags as such ({@code RmpCoapConstants.REFUSAL_REASON}). */
    public static final Set<String> REFUSAL_REASONS = Set.of("no-token", "bad-token", "identity-mismatch",
            "target-not-allowed", "not-http", "method-not-allowed", "backend-unreachable", "backend-timeout");

    /**
     * A request a consumer answered with {@code code} after {@code nanos}; {@code refusalReason} (may be null) is
     * tagged when it is one of {@link #REFUSAL_REASONS}, as "other" otherwise, so a route cannot grow the meters.
     */
    public void served(String code, String method, String targetHost, String refusalReason, long nanos) {
        if (serverRequests != null) {
            serverRequests.withTags("code", code, "method", method, "target", boundedTarget(targetHost), "reason", reasonTag(refusalReason))
                    .record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    private String boundedTarget(String host) {
        if (targets.contains(host)) {
            return host;
        }
        synchronized (targets) {
            if (targets.size() < MAX_TARGETS) {
                targets.add(host);
                return host;
            }
        }
        return OTHER_TARGET;
    }

    /** The meter's tag for a refusal reason. */
    public static String reasonTag(String refusalReason) {
        return refusalReason == null ? "none" : REFUSAL_REASONS.contains(refusalReason) ? refusalReason : "other";
    }

    /** A request a producer sent, answered with {@code code} (or "timeout", "error") after {@code nanos}. */
    public void sent(String code, String deviceHost, long nanos) {
        if (clientRequests != null) {
            clientRequests.withTags("code", code, "device", deviceHost).record(nanos, TimeUnit.NANOSECONDS);
        }
    }

    /** A gauge of the messages a server's deduplicator holds; the returned action removes it. Null when nothing is measured. */
    public Runnable deduplicatorGauge(Deduplicator deduplicator, String server) {
        if (registry == null) {
            return null;
        }
        Gauge gauge = Gauge.builder("rmpcoap.server.dedup.size", deduplicator::size)
                .description("Messages held by a server's deduplicator (at most maxDeduplicationMessages, swept after "
                             + "EXCHANGE_LIFETIME)")
                .tag("server", server).register(registry);
        return () -> registry.remove(gauge);
    }

    /**
     * Scandium's health callbacks as counters for one connector ({@code role} is "server" or "client"); handshakes
     * are tagged with their result and, for failures, the reason ({@link HandshakeFailure}; "none" on success).
     */
    public DtlsMeter dtlsHealth(String role) {
        if (registry == null) {
            return null;
        }
        Counter started = counter("rmpcoap.dtls.handshakes.started", role, null).register(registry);
        Counter succeeded = counter("rmpcoap.dtls.handshakes", role, "success").tag("reason", "none").register(registry);
        MeterProvider<Counter> failed = counter("rmpcoap.dtls.handshakes", role, "failure").withRegistry(registry);
        Counter dropped = counter("rmpcoap.dtls.records.dropped", role, null).register(registry);
        return new DtlsMeter() {
            @Override
            public void dump(String tag, int maxConnections, int remainingCapacity, int pendingWithoutVerify) {
                // Micrometer is read when scraped; nothing to dump
            }

            @Override
            public boolean isEnabled() {
                return true;
            }

            @Override
            public void startHandshake() {
                started.increment();
            }

            @Override
            public void endHandshake(boolean success) {
                if (success) {
                    succeeded.increment(); // failures are counted with their reason in handshakeFailed
                }
            }

            @Override
            public void handshakeFailed(String reason) {
                failed.withTags("reason", reason).increment();
            }

            @Override
            public void receivingRecord(boolean drop) {
                if (drop) {
                    dropped.increment();
                }
            }

            @Override
            public void sendingRecord(boolean drop) {
                if (drop) {
                    dropped.increment();
                }
            }
        };
    }

    /**
     * {@link #dtlsHealth(String)} of a Connection-ID cluster node, plus its cluster meters, tagged with its node id:
     * rmpcoap.cluster.records.forwarded (records of another node's devices this node forwarded to it),
     * rmpcoap.cluster.records.received (records other nodes forwarded to this one) and
     * rmpcoap.cluster.management.dropped (management datagrams dropped, by reason: bad-mac, no-session, malformed).
     */
    public DtlsClusterMeter clusterHealth(String role, int nodeId) {
        DtlsMeter dtls = dtlsHealth(role);
        if (dtls == null) {
            return null;
        }
        String node = String.valueOf(nodeId);
        Counter forwarded = Counter.builder("rmpcoap.cluster.records.forwarded")
                .description("DTLS records for another node's session forwarded to that node").tag("node", node)
                .register(registry);
        Counter received = Counter.builder("rmpcoap.cluster.records.received")
                .description("DTLS records forwarded to this node by other nodes").tag("node", node).register(registry);
        MeterProvider<Counter> dropped = Counter.builder("rmpcoap.cluster.management.dropped")
                .description("Datagrams on the cluster management channel dropped (bad MAC, no management session, "
                             + "malformed)")
                .tag("node", node).withRegistry(registry);
        return new DtlsClusterMeter() {
            @Override
            public void managementDropped(String reason) {
                dropped.withTags("reason", reason).increment();
            }

            @Override
            public void forwardMessage() {
                forwarded.increment();
            }

            @Override
            public void processForwardedMessage() {
                received.increment();
            }

            @Override
            public void badForwardMessage() {
                managementDropped("bad-mac");
            }

            @Override
            public void badBackwardMessage() {
                managementDropped("bad-mac");
            }

            @Override
            public void backwardMessage() {
                // answers sent back through the receiving node: as many as the records received that were answered
            }

            @Override
            public void sendBackwardedMessage() {
                // answers of other nodes sent to devices through this one
            }

            @Override
            public void dropForwardMessage() {
                // counted where it happens: management.dropped (malformed) or, on the device side, Scandium's log
            }

            @Override
            public void dropBackwardMessage() {
                // the answering node lost its management session with this one; the device retransmits
            }

            @Override
            public void sendingClusterManagementMessage() {
                // keep-alive traffic
            }

            @Override
            public void receivingClusterManagementMessage() {
                // keep-alive traffic
            }

            @Override
            public void handshakeFailed(String reason) {
                dtls.handshakeFailed(reason);
            }

            @Override
            public void dump(String tag, int maxConnections, int remainingCapacity, int pendingWithoutVerify) {
                dtls.dump(tag, maxConnections, remainingCapacity, pendingWithoutVerify);
            }

            @Override
            public boolean isEnabled() {
                return dtls.isEnabled();
            }

            @Override
            public void startHandshake() {
                dtls.startHandshake();
            }

            @Override
            public void endHandshake(boolean success) {
                dtls.endHandshake(success);
            }

            @Override
            public void receivingRecord(boolean drop) {
                dtls.receivingRecord(drop);
            }

            @Override
            public void sendingRecord(boolean drop) {
                dtls.sendingRecord(drop);
            }
        };
    }

    private static Counter.Builder counter(String name, String role, String result) {
        Counter.Builder builder = Counter.builder(name).tag("role", role);
        if (result != null) {
            builder.tag("result", result);
        }
        return builder;
    }
}
