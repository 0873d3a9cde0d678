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
        HeldRoute route = new HeldRoute("separateResponseDelay=0");
        try (TestDevice device = TestDevice.plain()) {
            Request slow = post("slow");
            device.sendWithoutWaiting(slow, route.port);
            assertTrue(route.started.await(10, TimeUnit.SECONDS));

            CompletableFuture<Void> stopping = route.stopUntilSuspended();
            Request late = post("late");
            device.sendWithoutWaiting(late, route.port);
            assertNull(late.waitForResponse(1500), "a request that arrives while Camel stops is not answered");

            route.release.countDown();
            var answer = slow.waitForResponse(10_000);
            assertNotNull(answer, "the request in flight is answered before the server closes");
            assertEquals(CoAP.ResponseCode.CHANGED, answer.getCode());
            assertEquals("done slow", answer.getPayloadString());
            stopping.get(30, TimeUnit.SECONDS);
            assertEquals(List.of("slow"), route.seen, "the late request never ran");
        } finally {
            route.context.stop();
        }
    }

    /**
     * A separate answer whose first transmission the device missed is retransmitted while Camel stops, until the
     * device acknowledges it: before, the server closed as soon as the answer was handed over, the device (its request
     * acknowledged, so never retransmitted) had no answer at all, and a device application sending it again ran it twice.
     */
    @Test
    void aSeparateAnswerTheDeviceMissedIsRetransmittedUntilAcknowledgedBeforeTheServerCloses() throws Exception {
        HeldRoute route = new HeldRoute("separateResponseDelay=0");
        try (RawDevice device = new RawDevice(route.port)) {
            device.send(post("slow"), 4711);
            Message ack = device.receive();
            assertEquals(CoAP.Type.ACK, ack.getType(), "the request is acknowledged at once");
            assertTrue(ack instanceof EmptyMessage, "an empty acknowledgement");
            assertTrue(route.started.await(10, TimeUnit.SECONDS));

            CompletableFuture<Void> stopping = route.stopUntilSuspended();
            route.release.countDown();
            Message first = device.receive();
            assertEquals(CoAP.Type.CON, first.getType());
            assertEquals("done slow", first.getPayloadString());
            // the device misses it: Californium sends it again after ACK_TIMEOUT (2 to 3 s), the server still open
            Message again = device.receive();
            assertEquals(first.getMID(), again.getMID(), "the same answer, retransmitted");
            assertEquals("done slow", again.getPayloadString());
            assertTrue(!stopping.isDone(), "Camel waits for the device's acknowledgement");

            EmptyMessage acknowledgement = EmptyMessage.newACK(again);
            acknowledgement.setToken(Token.EMPTY);
            device.send(acknowledgement);
            stopping.get(10, TimeUnit.SECONDS);
        } finally {
            route.context.stop();
        }
    }

    /**
     * With shutdownDrainTime the server stays open after its consumer stopped: a device that missed its piggybacked
     * answer and retransmits gets the same answer from the deduplicator, the request is not run again (after a
     * restart it would be), and a new request meanwhile is left to the device's retransmission.
     */
    @Test
    void duringTheDrainAMissedAnswerIsSentAgainAndNothingRunsTwiceOrNew() throws Exception {
        HeldRoute route = new HeldRoute("shutdownDrainTime=4000");
        try (RawDevice device = new RawDevice(route.port)) {
            Request request = post("once");
            device.send(request, 4712);
            assertTrue(route.started.await(10, TimeUnit.SECONDS));

            CompletableFuture<Void> stopping = route.stopUntilSuspended();
            route.release.countDown();
            Message answer = device.receive();
            assertEquals(CoAP.Type.ACK, answer.getType(), "piggybacked");
            assertEquals("done once", answer.getPayloadString());

            // the device missed it: its retransmission, after the consumer has stopped
            await().atMost(10, TimeUnit.SECONDS).until(() -> !route.consumer().isSuspended());
            device.send(request);
            Message again = device.receive();
            assertEquals(answer.getMID(), again.getMID());
            assertEquals("done once", again.getPayloadString(), "the same answer, from the deduplicator");

            device.send(post("late"), 4713);
            device.socket.setSoTimeout(1_500);
            assertThrows(SocketTimeoutException.class, device::receive, "a new request is not answered");
            assertTrue(!stopping.isDone(), "still draining");
            stopping.get(10, TimeUnit.SECONDS);
            assertEquals(List.of("once"), route.seen, "the route ran once, and not for the late request");
        } finally {
            route.context.stop();
        }
    }

    /** A started route at /work that records each body, waits for {@link #release} and answers "done body". */
    private static final class HeldRoute {
        final int port = FreePorts.udp();
        final List<String> seen = new CopyOnWriteArrayList<>();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final CamelContext context = new DefaultCamelContext();

        HeldRoute(String options) throws Exception {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("rmpcoap:coap://127.0.0.1:" + port + "/work?" + options).routeId("work")
                            .process(exchange -> {
                                seen.add(exchange.getMessage().getBody(String.class));
                                started.countDown();
                                assertTrue(release.await(20, TimeUnit.SECONDS));
                            })
                            .setBody(simple("done ${body}"));
                }
            });
            context.start();
        }

        RmpCoapConsumer consumer() {
            return (RmpCoapConsumer) context.getRoute("work").getConsumer();
        }

        /** Stops Camel in the background; returns once its graceful shutdown has suspended the consumer. */
        CompletableFuture<Void> stopUntilSuspended() {
            RmpCoapConsumer consumer = consumer();
            CompletableFuture<Void> stopping = CompletableFuture.runAsync(context::stop);
            await().atMost(10, TimeUnit.SECONDS).until(consumer::isSuspended);
            return stopping;
        }
    }

    /** A device on a bare UDP socket: it decides what to acknowledge and when to retransmit. */
    private static final class RawDevice implements AutoCloseable {
        final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        private final InetSocketAddress server;

        RawDevice(int port) throws IOException {
            this.server = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(10_000);
        }

        void send(Request request, int mid) throws IOException {
            request.setMID(mid);
            request.setToken(new byte[] { (byte) mid, (byte) (mid >> 8) });
            send(request);
        }

        void send(Message message) throws IOException {
            byte[] datagram = new UdpDataSerializer().getByteArray(message);
            socket.send(new DatagramPacket(datagram, datagram.length, server));
        }

        Message receive() throws IOException {
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            socket.receive(packet);
            return new UdpDataParser().parseMessage(Arrays.copyOf(packet.getData(), packet.getLength()));
        }

        @Override
        public void close() {
            socket.close();
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
