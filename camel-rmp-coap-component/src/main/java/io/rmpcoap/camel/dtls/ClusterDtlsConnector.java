package io.rmpcoap.camel.dtls;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.util.ClockUtil;
import org.eclipse.californium.elements.util.DatagramReader;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.elements.util.NamedThreadFactory;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.DtlsManagedClusterConnector;
import org.eclipse.californium.scandium.config.DtlsClusterConnectorConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.Record;
import org.eclipse.californium.scandium.dtls.ResumptionSupportingConnectionStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Scandium's managed cluster connector (forwarding by the node id in the Connection ID, over a DTLS PSK management
 * channel whose forwarded records carry a cluster MAC), with the static node list of {@link DtlsClusterNodes} and a
 * count of the management datagrams it drops. Scandium itself counts bad MACs ({@link DtlsClusterMeter#badForwardMessage()});
 * a forwarded record from an address without a management session, or one too short to hold a record, makes it throw
 * or drop silently, so those are counted here, as is a datagram that is no DTLS record at all.
 */
public final class ClusterDtlsConnector extends DtlsManagedClusterConnector {

    private static final Logger LOG = LoggerFactory.getLogger(ClusterDtlsConnector.class);

    private final ResumptionSupportingConnectionStore connections;
    private final DtlsClusterNodes nodes;
    private final DtlsClusterMeter meter;
    private ScheduledExecutorService keepAlive;

    private ClusterDtlsConnector(DtlsConnectorConfig configuration, DtlsClusterConnectorConfig clusterConfiguration,
                                 ResumptionSupportingConnectionStore connections, DtlsClusterSettings cluster,
                                 DtlsClusterMeter meter) {
        super(configuration, clusterConfiguration, connections);
        this.connections = connections;
        this.meter = meter;
        this.nodes = new DtlsClusterNodes(getNodeID(), cluster.peers(), (DTLSConnector) getClusterManagementConnector());
        setClusterNodesProvider(nodes);
    }

    static ClusterDtlsConnector create(DtlsConnectorConfig configuration, DtlsClusterConnectorConfig clusterConfiguration,
                                       DtlsClusterSettings cluster, DtlsClusterMeter meter) {
        return new ClusterDtlsConnector(configuration, clusterConfiguration, createConnectionStore(configuration), cluster,
                meter);
    }

    /** As {@link ServerDtlsConnector}: an answer reaches a device at its current address, here possibly via another node. */
    @Override
    public void send(RawData message) {
        super.send(ServerDtlsConnector.toCurrentAddress(message, connections));
    }

    /** The other nodes and whether this one reaches them. */
    public List<DtlsClusterNodes.Status> nodes() {
        return nodes.status();
    }

    @Override
    protected void init(InetSocketAddress bindAddress, DatagramSocket socket, Integer mtu) throws IOException {
        super.init(bindAddress, socket, mtu);
        synchronized (this) {
            keepAlive = ExecutorsUtil.newSingleThreadScheduledExecutor(
                    new NamedThreadFactory("RmpCoapCluster-" + getNodeID() + "#"));
            nodes.start(keepAlive);
        }
    }

    @Override
    public void stop() {
        synchronized (this) {
            nodes.stop();
            if (keepAlive != null) {
                keepAlive.shutdownNow();
                keepAlive = null;
            }
        }
        super.stop();
    }

    @Override
    protected boolean ensureLength(Byte type, DatagramPacket clusterPacket) {
        boolean enough = super.ensureLength(type, clusterPacket);
        if (!enough) {
            dropped("malformed", clusterPacket);
        }
        return enough;
    }

    @Override
    protected void processDatagramFromClusterNetwork(Byte type, DatagramPacket clusterPacket) throws IOException {
        try {
            super.processDatagramFromClusterNetwork(type, clusterPacket);
        } catch (IOException e) {
            // Scandium found no management session (so no MAC key) for the sender
            dropped("no-session", clusterPacket);
        }
    }

    @Override
    protected void processManagementDatagramFromClusterNetwork(DatagramPacket clusterPacket) throws IOException {
        DatagramReader reader = new DatagramReader(clusterPacket.getData(), clusterPacket.getOffset(),
                clusterPacket.getLength());
        // the management connector is built from this one's configuration, so its Connection IDs have the same length
        if (Record.fromReader(reader, connectionIdGenerator, ClockUtil.nanoRealtime()).isEmpty()) {
            dropped("malformed", clusterPacket);
            return;
        }
        super.processManagementDatagramFromClusterNetwork(clusterPacket);
    }

    private void dropped(String reason, DatagramPacket packet) {
        LOG.debug("cluster node {}: dropped a management datagram of {} bytes from {} ({})", getNodeID(),
                packet.getLength(), packet.getSocketAddress(), reason);
        if (meter != null) {
            meter.managementDropped(reason);
        }
    }
}
