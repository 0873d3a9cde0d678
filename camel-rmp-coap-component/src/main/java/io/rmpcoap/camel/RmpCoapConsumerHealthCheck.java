package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.rmpcoap.camel.dtls.DtlsClusterNodes;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Reports a consumer DOWN while its UDP or DTLS socket is not bound, e.g. when the port was taken or the route is
 * stopped, so that an orchestrator does not route device traffic to a gateway that cannot receive it. A cluster node's
 * details list the other nodes and whether it reaches them.
 */
final class RmpCoapConsumerHealthCheck extends AbstractHealthCheck {

    private final RmpCoapConsumer consumer;

    RmpCoapConsumerHealthCheck(RmpCoapConsumer consumer, String routeId) {
        super("camel", "consumer:rmpcoap-" + routeId);
        this.consumer = consumer;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        InetSocketAddress bound = consumer.isRunAllowed() ? consumer.getListeningAddress() : null;
        builder.detail("endpoint", consumer.getEndpoint().getAddress().toString());
        if (bound == null) {
            builder.message("The CoAP socket is not bound").down();
        } else {
            builder.detail("address", bound.getHostString() + ":" + bound.getPort()).up();
            clusterDetails(builder);
        }
    }

    /**
     * A cluster node stays UP whatever its peers do (a node that is down must not take the others with it); the
     * details say which nodes it reaches over the management channel.
     */
    private void clusterDetails(HealthCheckResultBuilder builder) {
        List<DtlsClusterNodes.Status> nodes = consumer.clusterNodes();
        if (nodes == null) {
            return;
        }
        builder.detail("cluster.nodeId", consumer.clusterNodeId());
        InetSocketAddress management = consumer.clusterManagementAddress();
        if (management != null) {
            builder.detail("cluster.managementAddress", management.getHostString() + ":" + management.getPort());
        }
        builder.detail("cluster.nodes.reachable", nodes.stream().filter(DtlsClusterNodes.Status::reachable)
                .map(node -> String.valueOf(node.id())).collect(Collectors.joining(",")));
        for (DtlsClusterNodes.Status node : nodes) {
            builder.detail("cluster.node." + node.id(), (node.reachable() ? "reachable " : "unreachable ")
                                                        + (node.address() != null ? node.address()
                                                                : node.configured() + " (unresolved)"));
        }
    }
}
