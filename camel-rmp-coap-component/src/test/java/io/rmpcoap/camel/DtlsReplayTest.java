package io.rmpcoap.camel;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.BindToRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.Test;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * An attacker on the path records a device's encrypted request and sends it again: Scandium's anti-replay filter drops
 * the record, so the route sees the request once.
 */
class DtlsReplayTest extends CamelTestSupport {

    @BindToRegistry("meters")
    private final MeterRegistry meters = new SimpleMeterRegistry();

    /** A UDP relay between one device and the server that remembers what the device sent. */
    private static final class Relay implements AutoCloseable {
        final DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
        final List<byte[]> fromDevice = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile SocketAddress device;

        Relay(int serverPort) throws SocketException {
            SocketAddress server = new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort);
            thread = new Thread(() -> {
                byte[] buffer = new byte[4096];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                        socket.receive(packet);
                        byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
                        if (packet.getSocketAddress().equals(server)) {
                            socket.send(new DatagramPacket(data, data.length, device));
                        } else {
                            device = packet.getSocketAddress();
                            fromDevice.add(data);
                            socket.send(new DatagramPacket(data, data.length, server));
                        }
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }, "replay-relay");
            thread.start();
        }

        void replay(byte[] datagram, int serverPort) throws java.io.IOException {
            socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), serverPort));
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join(2000);
        }
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coaps://127.0.0.1:0/once?pskIdentity=hello&pskKey=" + PskKeys.hexKey("world"))
                        .routeId("once").to("mock:once").setBody(constant("done"));
            }
        };
    }

    @Test
    void replayedApplicationRecordIsDroppedAndReachesTheRouteOnce() throws Exception {
        int port = port(context, "once");
        MockEndpoint once = getMockEndpoint("mock:once");
        once.expectedMessageCount(1);
        try (Relay relay = new Relay(port); TestDevice device = TestDevice.psk("hello", PskKeys.hexKey("world"))) {
            Request request = new Request(CoAP.Code.POST);
            request.getOptions().setUriPath("once");
            request.setPayload("pay 100");
            CoapResponse response = device.send(request, relay.socket.getLocalPort());
            assertNotNull(response);
            assertEquals("done", response.getResponseText());

            byte[] request23 = relay.fromDevice.stream().filter(d -> d[0] == 23).reduce((a, b) -> b)
                    .orElseThrow(() -> new AssertionError("no application data record seen"));
            // get() fails when the meter does not exist, where counter() would create one that stays at zero
            Counter droppedRecords = meters.get("rmpcoap.dtls.records.dropped").tags("role", "server").counter();
            double dropped = droppedRecords.count();
            for (int i = 0; i < 3; i++) {
                relay.replay(request23, port);
            }
            await("the replayed records dropped by the DTLS layer").atMost(Duration.ofSeconds(10))
                    .until(() -> droppedRecords.count() >= dropped + 3);
        }
        once.assertIsSatisfied();
    }
}
