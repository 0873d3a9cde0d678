package io.rmpcoap.camel;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.LibCoap;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.Exchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CoAP ping (RFC 7252 section 4.3): an empty Confirmable message that a live peer answers with a Reset, against a
 * Californium server, libcoap's coap-server over UDP and DTLS, and a peer that never answers.
 */
class CoapPingTest extends CamelTestSupport {

    private CoapServer server;
    private int port;

    @BeforeEach
    void startServer() {
        server = new CoapServer(Configuration.createStandardWithoutFile());
        server.addEndpoint(CoapEndpoint.builder().setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build());
        server.start();
        port = server.getEndpoints().get(0).getAddress().getPort();
    }

    @AfterEach
    void stopServer() {
        server.destroy();
    }

    private static void assertPong(Exchange answer, String context) {
        assertNull(answer.getException(), context);
        assertEquals(Boolean.TRUE, answer.getMessage().getBody());
        Long rtt = answer.getMessage().getHeader(RmpCoapConstants.ROUND_TRIP_TIME, Long.class);
        assertTrue(rtt != null && rtt >= 0 && rtt < 3000, "round-trip time " + rtt + " ms; " + context);
    }

    @ParameterizedTest(name = "method={0}")
    @ValueSource(strings = { "PING", "ping" })
    void pingOptionGetsTheCaliforniumServersResetAndTheRoundTripTime(String method) {
        Exchange answer = template.request("rmpcoap:coap://127.0.0.1:" + port + "?timeout=3000&method=" + method, e -> {
        });
        assertPong(answer, "");
        assertNull(answer.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE), "a ping gets no response code");
    }

    @Test
    void pingHeaderOverridesTheMethodOption() {
        Exchange answer = template.request("rmpcoap:coap://127.0.0.1:" + port + "/x?timeout=3000&method=GET",
                e -> e.getMessage().setHeader(RmpCoapConstants.METHOD, "PING"));
        assertPong(answer, "");
    }

    @Test
    void pingGetsLibCoapServersResetOverUdpAndDtls() throws Exception {
        LibCoap.assumeAvailable();
        int libcoap = FreePorts.udpPair();
        try (LibCoap.Server device = LibCoap.server("-A", "127.0.0.1", "-p", String.valueOf(libcoap), "-k",
                PskKeys.hexKey("world"))) {
            assertPong(template.request("rmpcoap:coap://127.0.0.1:" + libcoap + "?timeout=3000&method=PING", e -> {
            }), device.output());
            assertPong(template.request("rmpcoap:coaps://127.0.0.1:" + (libcoap + 1)
                                        + "?timeout=3000&method=PING&pskIdentity=hello&pskPassword=world", e -> {
                                        }), device.output());
        }
    }

    @Test
    void pingToASilentPeerFailsWithinTheTimeoutAfterSendingAnEmptyConfirmable() throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            Exchange answer = template.request("rmpcoap:coap://127.0.0.1:" + silent.getLocalPort() + "?timeout=1000&method=PING",
                    e -> {
                    });
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            RmpCoapTimeoutException timeout = assertInstanceOf(RmpCoapTimeoutException.class, answer.getException());
            assertEquals(1000, timeout.getTimeout());
            assertTrue(elapsedMs >= 950 && elapsedMs < 2000, "failed after " + elapsedMs + " ms");

            silent.setSoTimeout(1000);
            DatagramPacket ping = new DatagramPacket(new byte[64], 64);
            silent.receive(ping);
            assertEquals(4, ping.getLength(), "an empty message is the 4-byte header alone");
            assertEquals(0x40, ping.getData()[0] & 0xFF, "version 1, Confirmable, no token");
            assertEquals(0, ping.getData()[1], "code 0.00 (empty)");
        }
    }
}
