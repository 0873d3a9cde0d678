package io.rmpcoap.camel.dtls;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.MapBasedEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.DtlsClusterConnector.ClusterNodesProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The static node list of a cluster as Scandium's {@link ClusterNodesProvider}, and the keep-alive that tells which of
 * those nodes this one reaches. Californium's own discovery (cf-cluster's DtlsClusterManager) is not on Maven
 * Central, so this does the same small job for a fixed list: every {@link #PING_INTERVAL_MS} it sends each node a
 * ping over the management channel (a DTLS PSK connection, which the first ping opens), and a node counts as
 * reachable while its authenticated pings or pongs keep arriving. A host that does not resolve yet (a pod not yet
 * scheduled) is resolved again each round, and so is a node that stopped answering (a pod restarted elsewhere); such a
 * node's next ping forces a fresh handshake, in case it lost the management session.
 */
public final class DtlsClusterNodes implements ClusterNodesProvider {

    /** How often each node is pinged. */
    public static final long PING_INTERVAL_MS = 2000;
    /** A node is reachable while its last ping or pong is younger than this: three missed pings and some slack. */
    public static final long REACHABLE_MS = 3 * PING_INTERVAL_MS + 1000;

    private static final Logger LOG = LoggerFactory.getLogger(DtlsClusterNodes.class);
    private static final byte PING = (byte) 0x91;
    private static final byte PONG = (byte) 0x92;

    private final int ownId;
    private final Map<Integer, Peer> peers = new LinkedHashMap<>();
    private final DTLSConnector management;
    private ScheduledFuture<?> rounds;

    /** One node's state: its address once resolved, when it was last heard and whether it owes an answer. */
    private static final class Peer {
        final DtlsClusterSettings.Node node;
        volatile InetSocketAddress address;
        volatile long heardNanos;
        volatile boolean heard;
        volatile boolean pinged;

        Peer(DtlsClusterSettings.Node node) {
            this.node = node;
        }
    }

    /** What the health check and the dev console show of one node. */
    public record Status(int id, String configured, String address, boolean reachable) {
    }

    DtlsClusterNodes(int ownId, Map<Integer, DtlsClusterSettings.Node> nodes, DTLSConnector management) {
        this.ownId = ownId;
        this.management = management;
        nodes.forEach((id, node) -> peers.put(id, new Peer(node)));
        management.setRawDataReceiver(this::receive);
    }

    /** Scandium asks this for every record of another node: only what is known now, never a DNS lookup. */
    @Override
    public InetSocketAddress getClusterNode(int nodeId) {
        Peer peer = peers.get(nodeId);
        return peer == null ? null : peer.address;
    }

    /** An answer is sent back through a node only while a management session with it exists. */
    @Override
    public boolean available(InetSocketAddress destinationConnector) {
        return management.getDtlsContextByAddress(destinationConnector) != null;
    }

    synchronized void start(ScheduledExecutorService executor) {
        if (rounds == null && !peers.isEmpty()) {
            rounds = executor.scheduleWithFixedDelay(this::round, 0, PING_INTERVAL_MS, TimeUnit.MILLISECONDS);
        }
    }

    synchronized void stop() {
        if (rounds != null) {
            rounds.cancel(false);
            rounds = null;
        }
    }

    /** The other nodes, in the order of clusterNodes. */
    public List<Status> status() {
        long now = System.nanoTime();
        List<Status> status = new ArrayList<>();
        for (Peer peer : peers.values()) {
            InetSocketAddress address = peer.address;
            status.add(new Status(peer.node.id(), peer.node.host() + ":" + peer.node.port(),
                    address == null ? null : address.getAddress().getHostAddress() + ":" + address.getPort(),
                    reachable(peer, now)));
        }
        return status;
    }

    private static boolean reachable(Peer peer, long now) {
        return peer.heard && now - peer.heardNanos < TimeUnit.MILLISECONDS.toNanos(REACHABLE_MS);
    }

    private void round() {
        long now = System.nanoTime();
        for (Peer peer : peers.values()) {
            try {
                boolean reachable = reachable(peer, now);
                if (peer.address == null || !reachable) {
                    resolve(peer);
                }
                InetSocketAddress address = peer.address;
                if (address == null || !management.isRunning()) {
                    continue;
                }
                EndpointContext context = !reachable && peer.pinged
                        ? new MapBasedEndpointContext(address, null, DtlsEndpointContext.ATTRIBUTE_HANDSHAKE_MODE_FORCE)
                        : new AddressEndpointContext(address);
                management.send(RawData.outbound(new byte[] { PING, (byte) ownId }, context, null, false));
                peer.pinged = true;
            } catch (RuntimeException e) {
                LOG.debug("cluster node {}: cannot ping node {}", ownId, peer.node, e);
            }
        }
    }

    /** Resolves the node's host again (the JVM caches answers for networkaddress.cache.ttl, 30 s by default). */
    private void resolve(Peer peer) {
        InetSocketAddress resolved = new InetSocketAddress(peer.node.host(), peer.node.port());
        if (resolved.isUnresolved()) {
            LOG.debug("cluster node {}: {} does not resolve (yet)", ownId, peer.node);
        } else if (!resolved.equals(peer.address)) {
            LOG.info("cluster node {}: node {} is at {}", ownId, peer.node, resolved);
            peer.address = resolved;
        }
    }

    /** Authenticated application data of the management channel: a ping (answered) or a pong from a listed node. */
    private void receive(RawData data) {
        byte[] bytes = data.getBytes();
        if (bytes.length != 2 || (bytes[0] != PING && bytes[0] != PONG)) {
            LOG.debug("cluster node {}: unexpected management message of {} bytes", ownId, bytes.length);
            return;
        }
        int id = bytes[1] & 0xff;
        Peer peer = peers.get(id);
        if (peer == null) {
            LOG.debug("cluster node {}: management message from node {}, which clusterNodes does not list", ownId, id);
            return;
        }
        if (!peer.heard || !reachable(peer, System.nanoTime())) {
            LOG.info("cluster node {}: reaches node {} ({})", ownId, id, data.getInetSocketAddress());
        }
        peer.heardNanos = System.nanoTime();
        peer.heard = true;
        if (bytes[0] == PING) {
            management.send(RawData.outbound(new byte[] { PONG, (byte) ownId }, data.getEndpointContext(), null, false));
        }
    }
}
