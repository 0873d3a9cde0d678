package io.rmpcoap.camel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.LogCapture;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckAware;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.health.HealthCheckRepository;
import org.apache.camel.impl.health.DefaultHealthCheckRegistry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A consumer with observe=true against a device written with Californium whose resource changes every 200 ms. */
class RmpCoapObserveConsumerTest extends CamelTestSupport {

    private final List<Exchange> received = new CopyOnWriteArrayList<>();
    private ObservableDevice device;

    /** What Camel Main does when camel.health.enabled=true (its default). */
    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        HealthCheckRegistry registry = new DefaultHealthCheckRegistry();
        registry.setCamelContext(camel);
        HealthCheckRepository consumers = (HealthCheckRepository) registry.resolveById("consumers");
        consumers.setEnabled(true);
        registry.register(consumers);
        camel.getCamelContextExtension().addContextPlugin(HealthCheckRegistry.class, registry);
        return camel;
    }

    @AfterEach
    void stopDevice() {
        // the routes first, so that they can cancel their relations at a device still running
        context.stop();
        if (device != null) {
            device.close();
        }
    }

    private void observe(String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("observe").process(received::add);
            }
        });
    }

    private List<String> bodies() {
        return received.stream().map(e -> e.getMessage().getBody(String.class)).toList();
    }

    private HealthCheck.Result health() {
        HealthCheck check = ((HealthCheckAware) context.getRoute("observe").getConsumer()).getHealthCheck();
        return check.call();
    }

    /** The values of the notifications' bodies ("gen:value"). */
    private static int value(String body) {
        return Integer.parseInt(body.substring(body.indexOf(':') + 1).replace(".", ""));
    }

    @Test
    void atLeastFiveNotificationsArriveInOrderWithinThreeSecondsWithTheirHeaders() throws Exception {
        device = ObservableDevice.plain(0, "a", 0);
        observe("rmpcoap:coap://127.0.0.1:" + device.port() + "/temperature?observe=true");

        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertTrue(received.size() >= 5, bodies().toString()));
        List<String> bodies = bodies();
        for (int i = 1; i < bodies.size(); i++) {
            assertTrue(value(bodies.get(i)) > value(bodies.get(i - 1)), "out of order: " + bodies);
        }
        Exchange first = received.get(0);
        assertEquals("2.05", first.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
        assertEquals(0, first.getMessage().getHeader(RmpCoapConstants.REQUEST_CONTENT_FORMAT));
        assertEquals(null, first.getMessage().getHeader(RmpCoapConstants.CONTENT_FORMAT), "a device never steers a producer");
        assertTrue(first.getMessage().getHeader(Exchange.CONTENT_TYPE, String.class).startsWith("text/plain"));
        int previous = -1;
        for (Exchange exchange : received.subList(0, 5)) {
            int sequence = exchange.getMessage().getHeader(RmpCoapConstants.OBSERVE_SEQUENCE, Integer.class);
            assertTrue(sequence > previous, "Observe numbers not increasing");
            previous = sequence;
        }
        assertEquals(HealthCheck.State.UP, health().getState(), String.valueOf(health().getMessage()));
    }

    @Test
    void observingOverTcpDeliversNotificationsInOrderAndCancelsAtTheDeviceOnStop() throws Exception {
        device = ObservableDevice.tcp(0, "tcp");
        observe("rmpcoap:coap+tcp://127.0.0.1:" + device.port() + "/temperature?observe=true");

        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertTrue(received.size() >= 5, bodies().toString()));
        List<String> bodies = bodies();
        for (int i = 1; i < bodies.size(); i++) {
            assertTrue(value(bodies.get(i)) > value(bodies.get(i - 1)), "out of order: " + bodies);
        }
        assertTrue(bodies.get(0).startsWith("tcp:"), bodies.get(0));
        assertEquals(1, device.observers());

        context.getRouteController().stopRoute("observe");
        await().atMost(Duration.ofSeconds(3)).until(() -> device.observers() == 0);
    }

    @Test
    void overTcpTheEndOfTheConnectionBreaksTheRelationAndTheConsumerRegistersAgain() throws Exception {
        device = ObservableDevice.tcp(0, "a");
        int port = device.port();
        observe("rmpcoap:coap+tcp://127.0.0.1:" + port + "/temperature?observe=true");
        await().atMost(Duration.ofSeconds(3)).until(() -> received.size() >= 2);

        // a restarted device has no observers and a new connection; without observeTimeout the consumer would wait
        // for Max-Age (60 s) plus 2 s to notice
        device.close();
        device = ObservableDevice.tcp(port, "b");
        await().atMost(Duration.ofSeconds(6)).untilAsserted(
                () -> assertTrue(bodies().stream().anyMatch(b -> b.startsWith("b:")), bodies().toString()));
        assertEquals(1, device.observers());
    }

    @Test
    void stoppingTheRouteRemovesTheObserverAtTheDeviceWithinThreeSeconds() throws Exception {
        device = ObservableDevice.plain(0, "a", 0);
        observe("rmpcoap:coap://127.0.0.1:" + device.port() + "/temperature?observe=true");
        await().atMost(Duration.ofSeconds(3)).until(() -> device.observers() == 1 && !received.isEmpty());

        long stopped = System.nanoTime();
        context.getRouteController().stopRoute("observe");
        await().atMost(Duration.ofSeconds(3)).until(() -> device.observers() == 0);
        assertTrue(System.nanoTime() - stopped < Duration.ofSeconds(3).toNanos());
        int after = received.size();
        // the device keeps changing, and with no observer left nothing more reaches the route
        int requests = device.requests();
        await().during(Duration.ofMillis(600)).atMost(Duration.ofSeconds(2)).until(() -> device.observers() == 0);
        assertEquals(after, received.size());
        assertEquals(requests, device.requests());
    }

    @Test
    void blockwiseNotificationsArriveWhole() throws Exception {
        device = ObservableDevice.plain(0, "big", 3000);
        observe("rmpcoap:coap://127.0.0.1:" + device.port() + "/temperature?observe=true");

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= 3);
        for (String body : bodies().subList(0, 3)) {
            assertEquals(3000, body.length());
            assertTrue(body.startsWith("big:"), body);
        }
    }

    @Test
    void consumerRegistersAgainWhenTheDeviceRestartsOnTheSamePortAndSaysSo() throws Exception {
        int port = FreePorts.udp();
        device = ObservableDevice.plain(port, "first", 0);
        try (LogCapture log = LogCapture.debug()) {
            observe("rmpcoap:coap://127.0.0.1:" + port + "/temperature?observe=true&observeTimeout=1000&timeout=1000");
            await().atMost(Duration.ofSeconds(3)).until(() -> received.size() >= 2);

            device.close();
            device = null;
            await().atMost(Duration.ofSeconds(5)).until(() -> health().getState() == HealthCheck.State.DOWN);
            assertTrue(health().getMessage().orElse("").contains("no notification within 1000 ms"),
                    String.valueOf(health().getMessage()));
            device = ObservableDevice.plain(port, "second", 0);

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> bodies().stream().filter(b -> b.startsWith("second:")).count() >= 3);
            assertEquals(1, device.observers());
            await().atMost(Duration.ofSeconds(2)).until(() -> health().getState() == HealthCheck.State.UP);
            assertTrue(log.text().contains("Observe relation with coap://127.0.0.1:" + port + "/temperature broken"),
                    "no log line about the broken relation");
            assertTrue(log.text().contains("Observing coap://127.0.0.1:" + port + "/temperature again"),
                    "no log line about the new relation");
        }
    }

    @Test
    void anErrorAnswerIsReportedDownAndRetriedUntilTheResourceExists() throws Exception {
        device = ObservableDevice.plain(0, "a", 0);
        observe("rmpcoap:coap://127.0.0.1:" + device.port() + "/humidity?observe=true&timeout=1000");

        await().atMost(Duration.ofSeconds(3))
                .until(() -> health().getMessage().orElse("").contains("the device answered 4.04"));
        assertEquals(HealthCheck.State.DOWN, health().getState());
        assertTrue(received.isEmpty(), "an error answer is not a notification");
    }

    @Test
    void observeOverDtlsWithPskDeliversNotifications() throws Exception {
        String key = "0123456789abcdef";
        device = ObservableDevice.psk("sensor-1", key);
        observe("rmpcoap:coaps://127.0.0.1:" + device.port() + "/temperature?observe=true&pskIdentity=sensor-1&pskKey="
                + key);

        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() >= 5);
        assertTrue(bodies().stream().allMatch(b -> b.startsWith("dtls:")), bodies().toString());
        context.getRouteController().stopRoute("observe");
        await().atMost(Duration.ofSeconds(3)).until(() -> device.observers() == 0);
    }

    @Test
    void observeCannotBeCombinedWithServingOptions() {
        Exception e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coap://127.0.0.1:5999/t?observe=true&observable=true"));
        assertTrue(e.getMessage().contains("observe"), e.getMessage());
        e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coap://127.0.0.1:5999/t?observe=true&observeTimeout=-1"));
        assertTrue(e.getMessage().contains("observeTimeout must not be negative"), e.getMessage());
    }
}
