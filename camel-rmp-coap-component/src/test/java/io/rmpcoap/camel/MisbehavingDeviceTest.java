package io.rmpcoap.camel;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Devices that answer a Reset or garbage: the producer fails the exchange within its timeout with a clear exception,
 * and no Camel thread stays blocked.
 */
class MisbehavingDeviceTest extends CamelTestSupport {

    /** A raw UDP device that answers each datagram with what the reply function makes of it. */
    private static final class RawDevice implements AutoCloseable {

        private final DatagramSocket socket;
        private final Thread thread;

        RawDevice(UnaryOperator<byte[]> reply) throws SocketException {
            socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
            thread = new Thread(() -> {
                byte[] buffer = new byte[2048];
                while (!socket.isClosed()) {
                    try {
                        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                        socket.receive(packet);
                        byte[] answer = reply.apply(java.util.Arrays.copyOf(packet.getData(), packet.getLength()));
                        socket.send(new DatagramPacket(answer, answer.length, packet.getSocketAddress()));
                    } catch (java.io.IOException e) {
                        return;
                    }
                }
            }, "raw-device");
            thread.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws InterruptedException {
            socket.close();
            thread.join(2000);
        }
    }

    @Test
    void resetAnswerFailsTheExchangeAtOnce() throws Exception {
        // an empty RST (type 3, code 0) with the request's message ID
        try (RawDevice device = new RawDevice(request -> new byte[] { 0x70, 0x00, request[2], request[3] })) {
            long start = System.nanoTime();
            Exchange answer = template.request("rmpcoap:coap://127.0.0.1:" + device.port() + "/x?timeout=30000", e -> {
            });
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            RmpCoapException failure = assertInstanceOf(RmpCoapException.class, answer.getException());
            assertTrue(failure.getMessage().contains("Reset"), failure.getMessage());
            assertTrue(elapsedMs < 15_000, "a Reset must end the exchange long before the 30 s timeout, took " + elapsedMs + " ms");
        }
    }

    @Test
    void garbageAnswersEndInTheTimeoutException() throws Exception {
        try (RawDevice device = new RawDevice(request -> new byte[] { (byte) 0xFF, 0x13, 0x37, 0x00, 0x01 })) {
            long start = System.nanoTime();
            Exchange answer = template.request("rmpcoap:coap://127.0.0.1:" + device.port() + "/x?timeout=1000", e -> {
            });
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            assertInstanceOf(RmpCoapTimeoutException.class, answer.getException());
            assertTrue(elapsedMs < 1000 + 2000, "failed after " + elapsedMs + " ms");
        }
    }

    @Test
    void answerWithAnotherTokenIsIgnoredUntilTheTimeout() throws Exception {
        // a piggybacked 2.05 ACK with the request's message ID but a token the producer never sent
        try (RawDevice device = new RawDevice(request -> new byte[] { 0x61, 0x45, request[2], request[3], 0x7A })) {
            Exchange answer = template.request("rmpcoap:coap://127.0.0.1:" + device.port() + "/x?timeout=1000", e -> {
            });
            assertInstanceOf(RmpCoapTimeoutException.class, answer.getException());
        }
    }
}
