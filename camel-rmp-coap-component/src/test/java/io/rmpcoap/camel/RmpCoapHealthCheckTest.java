package io.rmpcoap.camel;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.Optional;

import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The consumer's health check follows its UDP or TCP socket. */
class RmpCoapHealthCheckTest extends CamelTestSupport {

    private DatagramSocket taken;

    /** What Camel Main does when camel.health.enabled=true (its default). */
    @Override
    protected CamelContext createCamelContext() throws Exception {
        return withHealthChecks(super.createCamelContext());
    }

    private static CamelContext withHealthChecks(CamelContext camel) {
        HealthCheckRegistry registry = new DefaultHealthCheckRegistry();
        registry.setCamelContext(camel);
        registry.register(registry.resolveById("routes"));
        HealthCheckRepository consumers = (HealthCheckRepository) registry.resolveById("consumers");
        consumers.setEnabled(true);
        registry.register(consumers);
        camel.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, registry);
        return camel;
    }

    @Override
    protected RouteBuilder createRouteBuilder() throws Exception {
        taken = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:0/ok").routeId("bound").setBody(constant("ok"));
                from("rmpcoap:coap://127.0.0.1:" + taken.getLocalPort() + "/x").routeId("unbound").autoStartup(false)
                        .setBody(constant("never"));
            }
        };
    }

    @Override
    public void doPostTearDown() {
        taken.close();
    }

    /** The check the consumer contributes to Camel's "consumers" health check repository. */
    private Optional<HealthCheck.Result> check(String routeId) {
        HealthCheck check = ((HealthCheckAware) context.getRoute(routeId).getConsumer()).getHealthCheck();
        return Optional.ofNullable(check).map(HealthCheck::call);
    }

    @Test
    void boundConsumerIsUpWithItsAddress() {
        HealthCheck.Result result = check("bound").orElseThrow(() -> new AssertionError("no rmpcoap consumer check"));
        assertTrue(((HealthCheckAware) context.getRoute("bound").getConsumer()).getHealthCheck().isEnabled(),
                "on by default (healthCheckConsumerEnabled=true)");
        assertEquals(HealthCheck.State.UP, result.getState());
        int port = port(context, "bound");
        assertEquals("127.0.0.1:" + port, result.getDetails().get("address"));
    }

    @Test
    void consumerWhosePortIsTakenIsDown() {
        assertThrows(Exception.class, () -> context.getRouteController().startRoute("unbound"));
        HealthCheck.Result result = check("unbound").orElseThrow(() -> new AssertionError("no rmpcoap consumer check"));
        assertEquals(HealthCheck.State.DOWN, result.getState());
        assertTrue(result.getMessage().orElse("").contains("not bound"), String.valueOf(result.getMessage()));
    }

    @Test
    void tcpConsumerIsUpWithItsAddressAndDownWhileItsTcpPortIsTaken() throws Exception {
        try (ServerSocket takenTcp = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("rmpcoap:coap+tcp://127.0.0.1:0/ok").routeId("tcp-bound").setBody(constant("ok"));
                    from("rmpcoap:coap+tcp://127.0.0.1:" + takenTcp.getLocalPort() + "/x").routeId("tcp-unbound")
                            .autoStartup(false).setBody(constant("never"));
                }
            });
            HealthCheck.Result up = check("tcp-bound").orElseThrow(() -> new AssertionError("no rmpcoap consumer check"));
            assertEquals(HealthCheck.State.UP, up.getState());
            assertEquals("127.0.0.1:" + port(context, "tcp-bound"), up.getDetails().get("address"));

            assertThrows(Exception.class, () -> context.getRouteController().startRoute("tcp-unbound"));
            HealthCheck.Result down = check("tcp-unbound").orElseThrow(() -> new AssertionError("no rmpcoap consumer check"));
            assertEquals(HealthCheck.State.DOWN, down.getState());
        }
    }

    @Test
    void stoppedConsumerIsDown() throws Exception {
        context.getRouteController().stopRoute("bound");
        HealthCheck.Result result = check("bound").orElseThrow(() -> new AssertionError("no rmpcoap consumer check"));
        assertEquals(HealthCheck.State.DOWN, result.getState());
    }

    @Test
    void healthCheckConsumerEnabledFalseTurnsTheConsumerCheckOff() throws Exception {
        try (CamelContext camel = withHealthChecks(new DefaultCamelContext())) {
            RmpCoapComponent component = new RmpCoapComponent();
            component.setHealthCheckConsumerEnabled(false);
            camel.addComponent("rmpcoap", component);
            camel.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("rmpcoap:coap://127.0.0.1:0/ok").routeId("unchecked").setBody(constant("ok"));
                }
            });
            camel.start();

            HealthCheck check = ((HealthCheckAware) camel.getRoute("unchecked").getConsumer()).getHealthCheck();
            assertNotNull(check, "the check exists, switched off, as in Camel's own components");
            assertFalse(check.isEnabled(), "the consumer check must be off");
            HealthCheck.Result result = check.call();
            assertEquals(HealthCheck.State.UNKNOWN, result.getState());
            assertNull(result.getDetails().get("address"), "the rmpcoap check must not have run: " + result.getDetails());
            assertEquals(false, result.getDetails().get(HealthCheck.CHECK_ENABLED), String.valueOf(result.getDetails()));
        }
    }
}
