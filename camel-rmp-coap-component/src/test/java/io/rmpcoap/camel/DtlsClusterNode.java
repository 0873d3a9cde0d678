package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rmpcoap.camel.dtls.DtlsClusterNodes;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * One gateway node of a Connection-ID cluster in its own CamelContext (as in its own JVM), with its own meters: a
 * coaps consumer on a loopback address that answers "node N: body" and counts the requests its route runs.
 */
final class DtlsClusterNode implements AutoCloseable {

    static final String SECRET = "cluster-secret-for-tests-0123456789";

    final int id;
    final MeterRegistry meters = new SimpleMeterRegistry();
    final AtomicInteger served = new AtomicInteger();
    private final DefaultCamelContext context = new DefaultCamelContext();

    /**
     * @param host  the loopback address of the node, e.g. 127.0.0.2
     * @param nodes clusterNodes, the same for every node
     */
    DtlsClusterNode(int id, String host, String nodes) throws Exception {
        this.id = id;
        context.getRegistry().bind("meters", meters);
        HealthCheckRegistry health = new DefaultHealthCheckRegistry();
        health.setCamelContext(context);
        HealthCheckRepository consumers = (HealthCheckRepository) health.resolveById("consumers");
        consumers.setEnabled(true);
        health.register(consumers);
        context.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, health);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coaps://" + host + ":0/hello?pskIdentity=hello&pskPassword=world&connectionIdLength=6"
                     + "&clusterNodeId=" + id + "&clusterNodes=" + nodes + "&clusterSecret=RAW(" + SECRET + ")")
                        .routeId("node" + id)
                        .process(exchange -> served.incrementAndGet())
                        .setBody(simple("node " + id + ": ${bodyAs(String)}"));
            }
        });
        context.start();
    }

    /** Where devices reach this node. */
    InetSocketAddress address() {
        return consumer().getLocalAddress();
    }

    RmpCoapConsumer consumer() {
        return (RmpCoapConsumer) context.getRoute("node" + id).getConsumer();
    }

    /** The other nodes as this node sees them. */
    List<DtlsClusterNodes.Status> clusterNodes() {
        return consumer().clusterNodes();
    }

    boolean reaches(int node) {
        return clusterNodes().stream().anyMatch(s -> s.id() == node && s.reachable());
    }

    double count(String meter) {
        return meters.find(meter).counters().stream().mapToDouble(Counter::count).sum();
    }

    double count(String meter, String reason) {
        return meters.find(meter).tag("reason", reason).counters().stream().mapToDouble(Counter::count).sum();
    }

    /** The consumer's health check, called now. */
    HealthCheck.Result health() {
        return ((HealthCheckAware) consumer()).getHealthCheck().call();
    }

    org.apache.camel.CamelContext context() {
        return context;
    }

    @Override
    public void close() {
        context.stop();
    }
}
