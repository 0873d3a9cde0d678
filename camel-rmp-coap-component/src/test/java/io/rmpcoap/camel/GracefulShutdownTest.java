package io.rmpcoap.camel;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.Arrays;
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
import org.eclipse.californium.core.coap.EmptyMessage;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Camel's graceful shutdown suspends the consumer first: a request in flight is answered before the server closes
 * (before, the socket closed under it and the device's retransmission reached the API a second time through the
 * restarted gateway), and a request that arrives meanwhile is left to the device's retransmission, never run. The server
 * closes only once the answers have left (a separate one acknowledged), and with shutdownDrainTime stays open to give a
 * missed answer again. A route suspended on purpose answers 5.03 with Max-Age instead, and serves again once resumed.
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

    /**
     * A separate answer whose first transmission the device missed is retransmitted while Camel stops, until the
     * device acknowledges it: before, the server closed as soon as the answer was handed over, the device (its request
     * acknowledged, so never retransmitted) had no answer at all, and a device application sending it again ran it twice.
     */
    @Test
    void aSeparateAnswerTheDeviceMissedIsRetransmittedUntilAcknowledgedBeforeTheServerCloses() throws Exception {
        int port = FreePorts.udp();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:" + port + "/work?separateResponseDelay=0").routeId("work")
                        .process(exchange -> {
                            started.countDown();
                            assertTrue(release.await(20, TimeUnit.SECONDS));
                        })
                        .setBody(constant("done"));
            }
        });
        context.start();
        try (DatagramSocket device = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            device.setSoTimeout(10_000);
            InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            Request request = post("slow");
            request.setMID(4711);
            request.setToken(new byte[] { 1, 2, 3, 4 });
            send(device, new UdpDataSerializer().getByteArray(request), server);
            Message ack = receive(device);
            assertEquals(CoAP.Type.ACK, ack.getType(), "the request is acknowledged at once");
            assertTrue(ack instanceof EmptyMessage, "an empty acknowledgement");
            assertTrue(started.await(10, TimeUnit.SECONDS));

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(context::stop);
            RmpCoapConsumer consumer = (RmpCoapConsumer) context.getRoute("work").getConsumer();
            await().atMost(10, TimeUnit.SECONDS).until(consumer::isSuspended);
            release.countDown();

            Message first = receive(device);
            assertEquals(CoAP.Type.CON, first.getType());
            assertEquals("done", first.getPayloadString());
            // the device misses it: Californium sends it again after ACK_TIMEOUT (2 to 3 s), the server still open
            Message again = receive(device);
            assertEquals(first.getMID(), again.getMID(), "the same answer, retransmitted");
            assertEquals("done", again.getPayloadString());
            assertTrue(!stopping.isDone(), "Camel waits for the device's acknowledgement");

            EmptyMessage acknowledgement = EmptyMessage.newACK(again);
            acknowledgement.setToken(Token.EMPTY);
            send(device, new UdpDataSerializer().getByteArray(acknowledgement), server);
            stopping.get(10, TimeUnit.SECONDS);
        } finally {
            context.stop();
        }
    }

    /**
     * With shutdownDrainTime the server stays open after its consumer stopped: a device that missed its piggybacked
     * answer and retransmits gets the same answer from the deduplicator, the request is not run again (after a
     * restart it would be), and a new request meanwhile is left to the device's retransmission.
     */
    @Test
    void duringTheDrainAMissedAnswerIsSentAgainAndNothingRunsTwiceOrNew() throws Exception {
        int port = FreePorts.udp();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> seen = new CopyOnWriteArrayList<>();
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:" + port + "/work?shutdownDrainTime=4000").routeId("work")
                        .process(exchange -> {
                            seen.add(exchange.getMessage().getBody(String.class));
                            started.countDown();
                            assertTrue(release.await(20, TimeUnit.SECONDS));
                        })
                        .setBody(simple("done ${body}"));
            }
        });
        context.start();
        try (DatagramSocket device = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            device.setSoTimeout(5_000);
            InetSocketAddress server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            Request request = post("once");
            request.setMID(4712);
            request.setToken(new byte[] { 5, 6, 7, 8 });
            byte[] datagram = new UdpDataSerializer().getByteArray(request);
            send(device, datagram, server);
            assertTrue(started.await(10, TimeUnit.SECONDS));

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(context::stop);
            RmpCoapConsumer consumer = (RmpCoapConsumer) context.getRoute("work").getConsumer();
            await().atMost(10, TimeUnit.SECONDS).until(consumer::isSuspended);
            release.countDown();
            Message answer = receive(device);
            assertEquals(CoAP.Type.ACK, answer.getType(), "piggybacked");
            assertEquals("done once", answer.getPayloadString());

            // the device missed it: its retransmission, after the consumer has stopped
            await().atMost(10, TimeUnit.SECONDS).until(() -> !consumer.isSuspended());
            send(device, datagram, server);
            Message again = receive(device);
            assertEquals(answer.getMID(), again.getMID());
            assertEquals("done once", again.getPayloadString(), "the same answer, from the deduplicator");

            Request late = post("late");
            late.setMID(4713);
            late.setToken(new byte[] { 9 });
            send(device, new UdpDataSerializer().getByteArray(late), server);
            device.setSoTimeout(1_500);
            assertThrows(SocketTimeoutException.class, () -> receive(device), "a new request is not answered");
            assertTrue(!stopping.isDone(), "still draining");
            stopping.get(10, TimeUnit.SECONDS);
            assertEquals(List.of("once"), seen, "the route ran once, and not for the late request");
        } finally {
            context.stop();
        }
    }

    private static void send(DatagramSocket socket, byte[] datagram, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(datagram, datagram.length, to));
    }

    private static Message receive(DatagramSocket socket) throws IOException {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        socket.receive(packet);
        return new UdpDataParser().parseMessage(Arrays.copyOf(packet.getData(), packet.getLength()));
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
