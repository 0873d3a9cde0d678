package io.rmpcoap.camel;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.TestDevice;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Camel's graceful shutdown suspends the consumer first: a request in flight is answered before the server closes
 * (before, the socket closed under it and the device's retransmission reached the API a second time through the
 * restarted gateway), and a request that arrives meanwhile is left to the device's retransmission, never run. A route
 * suspended on purpose answers 5.03 with Max-Age instead, and serves again once resumed.
 */
class GracefulShutdownTest {

    @Test
    void aRequestInFlightIsAnsweredAndANewOneIsLeftToRetransmissionWhileCamelStops() throws Exception {
        int port = FreePorts.udp();
        CountDownLatch slowStarted = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:" + port + "/work?separateResponseDelay=0").routeId("work")
                        .process(exchange -> {
                            String body = exchange.getMessage().getBody(String.class);
                            seen.add(body);
                            if ("slow".equals(body)) {
                                slowStarted.countDown();
                                assertTrue(release.await(20, TimeUnit.SECONDS));
                            }
                        })
                        .setBody(simple("done ${body}"));
            }
        });
        context.start();
        try (TestDevice device = TestDevice.plain()) {
            Request slow = post("slow");
            device.sendWithoutWaiting(slow, port);
            assertTrue(slowStarted.await(10, TimeUnit.SECONDS));

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(context::stop);
            RmpCoapConsumer consumer = (RmpCoapConsumer) context.getRoute("work").getConsumer();
            await().atMost(10, TimeUnit.SECONDS).until(consumer::isSuspended);
            Request late = post("late");
            device.sendWithoutWaiting(late, port);
            assertNull(late.waitForResponse(1500), "a request that arrives while Camel stops is not answered");

            release.countDown();
            var answer = slow.waitForResponse(10_000);
            assertNotNull(answer, "the request in flight is answered before the server closes");
            assertEquals(CoAP.ResponseCode.CHANGED, answer.getCode());
            assertEquals("done slow", answer.getPayloadString());
            stopping.get(30, TimeUnit.SECONDS);
            assertEquals(List.of("slow"), seen, "the late request never ran");
        } finally {
            context.stop();
        }
    }

    @Test
    void aSuspendedRouteAnswersServiceUnavailableAndServesAgainOnceResumed() throws Exception {
        int port = FreePorts.udp();
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:" + port + "/work").routeId("work").setBody(constant("served"));
            }
        });
        context.start();
        try (TestDevice device = TestDevice.plain()) {
            context.getRouteController().suspendRoute("work");
            CoapResponse busy = device.send(post("one"), port);
            assertNotNull(busy);
            assertEquals(CoAP.ResponseCode.SERVICE_UNAVAILABLE, busy.getCode());
            assertEquals(RmpCoapServer.RETRY_AFTER_SECONDS, busy.getOptions().getMaxAge());

            context.getRouteController().resumeRoute("work");
            CoapResponse served = device.send(post("two"), port);
            assertNotNull(served);
            assertEquals("served", served.getResponseText());
        } finally {
            context.stop();
        }
    }

    private static Request post(String body) {
        Request request = Request.newPost();
        request.getOptions().setUriPath("work");
        request.setPayload(body);
        return request;
    }
}
