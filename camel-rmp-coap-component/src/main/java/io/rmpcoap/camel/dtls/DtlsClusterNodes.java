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
 * scheduled) is resolved again each round, and so is a node that stopped answering (a pod restarted elsewhere); a node's
 * authenticated message from another address than the one known (a pod restarted with a new IP, a DNS answer still
 * cached) moves it there.
 * <p>
 * Of two nodes, the one with the lower id opens their management session: two nodes that start at the same instant
 * and both send a ClientHello make each side drop the other's for its own ongoing handshake, and their retries, at the
 * same pace, met again (6 to over 40 s in a test). So a node leaves a node with a lower id the first round to dial
 * it, and only the lower node forces a fresh handshake with a node that stopped answering, in case that one lost the
 * session. A node that restarted still dials a lower one after that first round: the lower one holds a session it
 * cannot know is gone.
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
    /** Whether the next round is the first since start: nodes with a lower id dial this one then. */
    private boolean firstRound;

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
            firstRound = true;
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
        boolean first = firstRound;
        firstRound = false;
        for (Peer peer : peers.values()) {
            try {
                boolean reachable = reachable(peer, now);
                if (peer.address == null || !reachable) {
                    resolve(peer);
                }
                InetSocketAddress address = peer.address;
                boolean dialsThisNode = peer.node.id() < ownId;
                if (address == null || !management.isRunning() || first && dialsThisNode) {
                    continue;
                }
                EndpointContext context = !reachable && peer.pinged && !dialsThisNode
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
        InetSocketAddress from = data.getInetSocketAddress();
        if (!from.equals(peer.address)) {
            LOG.info("cluster node {}: node {} is at {} (its authenticated message came from there)", ownId, id, from);
            peer.address = from;
        }
        if (!peer.heard || !reachable(peer, System.nanoTime())) {
            LOG.info("cluster node {}: reaches node {} ({})", ownId, id, from);
        }
        peer.heardNanos = System.nanoTime();
        peer.heard = true;
        if (bytes[0] == PING) {
            management.send(RawData.outbound(new byte[] { PONG, (byte) ownId }, data.getEndpointContext(), null, false));
        }
    }
}
