package io.rmpcoap.camel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.rmpcoap.camel.test.FreePorts;
import org.apache.camel.CamelExecutionException;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapObserveRelation;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A consumer with observable=true and a producer with notify=true on the same path: a Californium client observes
 * the rmpcoap resource and gets the route's answer, run again, for every notify.
 */
class RmpCoapObservableTest extends CamelTestSupport {

    private final int port = FreePorts.udp();
    private final AtomicInteger value = new AtomicInteger();
    private final List<CoapResponse> notifications = new CopyOnWriteArrayList<>();
    private CoapClient client;
    private CoapEndpoint observer;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:" + port + "/temperature?observable=true").routeId("served")
                        .process(e -> e.getMessage().setBody("t=" + value.get()))
                        .setHeader(RmpCoapConstants.CONTENT_FORMAT, constant(0));
                from("rmpcoap:coap://127.0.0.1:" + port + "/humidity?observable=true&notificationType=NON")
                        .routeId("non").process(e -> e.getMessage().setBody("h=" + value.get()));
                from("direct:change").process(e -> value.incrementAndGet())
                        .toD("rmpcoap:coap://127.0.0.1:" + port + "/${header.resource}?notify=true");
            }
        };
    }

    @AfterEach
    void stopClient() {
        if (client != null) {
            // shutdown() leaves an endpoint given with setEndpoint running
            client.shutdown();
            observer.destroy();
        }
    }

    private CoapObserveRelation observe(String path) {
        client = new CoapClient("coap://127.0.0.1:" + port + "/" + path);
        observer = CoapEndpoint.builder().setConfiguration(Configuration.createStandardWithoutFile()).build();
        client.setEndpoint(observer);
        CoapObserveRelation relation = client.observe(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                notifications.add(response);
            }

            @Override
            public void onError() {
            }
        });
        await().atMost(Duration.ofSeconds(3)).until(() -> notifications.size() == 1);
        return relation;
    }

    private List<String> texts() {
        return notifications.stream().map(CoapResponse::getResponseText).toList();
    }

    private String last() {
        return notifications.isEmpty() ? null : notifications.get(notifications.size() - 1).getResponseText();
    }

    private ObservedResource resource(String path) {
        RmpCoapEndpoint endpoint = context.getEndpoint("rmpcoap:coap://127.0.0.1:" + port + "/" + path + "?notify=true",
                RmpCoapEndpoint.class);
        return endpoint.getComponent().servers().find(endpoint.getAddress()).observed(path);
    }

    private void change(String path) {
        template.sendBodyAndHeader("direct:change", null, "resource", path);
    }

    @Test
    void everyNotifyRunsTheRouteAgainAndReachesTheObserverInOrder() {
        observe("temperature");
        assertEquals("t=0", notifications.get(0).getResponseText());
        assertTrue(notifications.get(0).getOptions().hasObserve(), "the first answer establishes the relation");
        assertEquals(1, resource("temperature").getObserverCount());

        for (int i = 0; i < 5; i++) {
            change("temperature");
        }
        // RFC 7641 4.5: a notification still in transit makes the server send only the newest state after it
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertEquals("t=5", last(), texts().toString()));
        List<String> texts = texts();
        // each notify runs the route again when it gets there, so two may see the same value, never an older one
        for (int i = 1; i < texts.size(); i++) {
            assertTrue(texts.get(i).compareTo(texts.get(i - 1)) >= 0, "out of order: " + texts);
        }
        for (CoapResponse notification : notifications.subList(1, notifications.size())) {
            assertEquals(CoAP.Type.CON, notification.advanced().getType());
            assertEquals(0, notification.getOptions().getContentFormat());
        }
    }

    @Test
    void notificationTypeNonSendsNonConfirmableNotifications() {
        observe("humidity");
        change("humidity");
        change("humidity");
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertEquals("h=2", last(), texts().toString()));
        assertEquals(CoAP.Type.NON, notifications.get(notifications.size() - 1).advanced().getType());
    }

    @Test
    void anObserverThatCancelsIsDroppedAndGetsNoMoreNotifications() {
        CoapObserveRelation relation = observe("temperature");
        relation.proactiveCancel();
        await().atMost(Duration.ofSeconds(3)).until(() -> resource("temperature").getObserverCount() == 0);
        int received = notifications.size();
        change("temperature");
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2))
                .until(() -> notifications.size() == received);
    }

    @Test
    void anObserverThatResetsIsDropped() {
        CoapObserveRelation relation = observe("temperature");
        // forgetting the relation locally makes the client answer the next notification with a Reset
        relation.reactiveCancel();
        change("temperature");
        await().atMost(Duration.ofSeconds(3)).until(() -> resource("temperature").getObserverCount() == 0);
    }

    @Test
    void stoppingTheObservableRouteTellsItsObserversWithA404() throws Exception {
        observe("temperature");
        context.getRouteController().stopRoute("served");
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> assertEquals(CoAP.ResponseCode.NOT_FOUND,
                notifications.get(notifications.size() - 1).getCode(), texts().toString()));
    }

    @Test
    void notifyWithoutAnObservableConsumerFailsTheExchangeNamingTheAddress() {
        CamelExecutionException e = assertThrows(CamelExecutionException.class,
                () -> template.sendBody("rmpcoap:coap://127.0.0.1:" + port + "/nothing?notify=true", null));
        assertNotNull(e.getCause());
        assertTrue(e.getCause().getMessage().contains("coap://127.0.0.1:" + port + "/nothing"), e.getCause().getMessage());
        assertTrue(e.getCause().getMessage().contains("observable=true"), e.getCause().getMessage());
    }

    @Test
    void badObserveOptionsAreRefusedAtEndpointCreation() {
        Exception e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coap://127.0.0.1:0/x?notify=true"));
        assertTrue(e.getMessage().contains("notify needs the port"), e.getMessage());
        e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coap://127.0.0.1:1234/x?observable=true&notificationType=ACK"));
        assertTrue(e.getMessage().contains("notificationType must be CON or NON"), e.getMessage());
    }
}
