package io.rmpcoap.camel;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.camel.AsyncProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.support.DefaultExchange;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The producer against a real Californium server on 127.0.0.1.
 */
class RmpCoapProducerTest extends CamelTestSupport {

    private RecordingDevice device;

    @BeforeEach
    void startDevice() throws Exception {
        device = new RecordingDevice();
    }

    @AfterEach
    void stopDevice() {
        device.close();
    }

    private String uri(String path, String options) {
        return "rmpcoap:coap://127.0.0.1:" + device.port() + "/" + path + (options.isEmpty() ? "" : "?" + options);
    }

    @ParameterizedTest
    @EnumSource(value = CoAP.Type.class, names = { "CON", "NON" })
    void getReturnsContentWithCodeAndContentFormat(CoAP.Type type) throws Exception {
        Exchange answer = template.request(uri("sensors/temp", "messageType=" + type), e -> {
        });

        assertNull(answer.getException());
        assertEquals("2.05", answer.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
        assertEquals("GET", new String(answer.getMessage().getBody(byte[].class), StandardCharsets.UTF_8));
        assertEquals(0, answer.getMessage().getHeader(RmpCoapConstants.CONTENT_FORMAT));
        Request seen = device.nextRequest();
        assertEquals(type, seen.getType());
        assertEquals(CoAP.Code.GET, seen.getCode());
        assertEquals("sensors/temp", seen.getOptions().getUriPathString());
    }

    @ParameterizedTest
    @ValueSource(strings = { "POST", "PUT", "DELETE", "GET" })
    void methodFromOptionAndHeaderReachesTheDevice(String method) throws Exception {
        template.requestBodyAndHeader(uri("valve", "method=PATCH"), "open", RmpCoapConstants.METHOD, method);
        Request seen = device.nextRequest();
        assertEquals(method, seen.getCode().name());
        boolean takesPayload = !method.equals("GET") && !method.equals("DELETE");
        assertEquals(takesPayload ? "open" : "", seen.getPayloadString());

        template.requestBody(uri("valve", "method=" + method), "open");
        assertEquals(method, device.nextRequest().getCode().name());
    }

    @Test
    void localAddressIsTheSourceAddressTheDeviceSees() throws Exception {
        // any 127.0.0.0/8 address is the loopback on Linux; unbound, the kernel would pick 127.0.0.1
        template.request(uri("where", "localAddress=127.0.0.2"), e -> {
        });
        assertEquals("127.0.0.2", device.nextRequest().getSourceContext().getPeerAddress().getAddress().getHostAddress());

        template.request(uri("where", ""), e -> {
        });
        assertEquals("127.0.0.1", device.nextRequest().getSourceContext().getPeerAddress().getAddress().getHostAddress());
    }

    @Test
    void unknownLocalAddressIsRefusedAtEndpointCreationNamingTheOption() {
        Exception e = assertThrows(Exception.class,
                () -> context.getEndpoint(uri("where", "localAddress=no-such-host.invalid")));
        assertTrue(e.getMessage().contains("localAddress no-such-host.invalid is not an address of this host"),
                e.getMessage());
    }

    @Test
    void bodyWithoutMethodIsPostedWithItsContentFormat() throws Exception {
        Exchange answer = template.request(uri("data", "contentFormat=application/json"),
                e -> e.getMessage().setBody("{\"a\":1}"));
        Request seen = device.nextRequest();
        assertEquals(CoAP.Code.POST, seen.getCode());
        assertEquals(50, seen.getOptions().getContentFormat());
        assertEquals("2.04", answer.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
        assertEquals(50, answer.getMessage().getHeader(RmpCoapConstants.CONTENT_FORMAT));
    }

    @Test
    void sixteenKibTravelBlockwiseBothWays() throws Exception {
        byte[] payload = new byte[16 * 1024];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) ('a' + i % 26);
        }
        Exchange answer = template.request(uri("bulk", "method=PUT"), e -> e.getMessage().setBody(payload));

        assertNull(answer.getException());
        assertArrayEquals(payload, device.nextRequest().getPayload());
        assertArrayEquals(payload, answer.getMessage().getBody(byte[].class));
    }

    @Test
    void proxyUriIsSentWithoutUriPathAndHeaderOverridesIt() throws Exception {
        template.requestBody(uri("ignored", "proxyUri=coap://upstream.example/x"), (Object) null);
        Request seen = device.nextRequest();
        assertEquals("coap://upstream.example/x", seen.getOptions().getProxyUri());
        assertEquals("", seen.getOptions().getUriPathString());

        template.requestBodyAndHeader(uri("ignored", "proxyUri=coap://upstream.example/x"), null,
                RmpCoapConstants.PROXY_URI, "http://api.example/y?key=abc");
        assertEquals("http://api.example/y?key=abc", device.nextRequest().getOptions().getProxyUri());
    }

    @Test
    void endpointOptionsNeverBecomeUriQuery() throws Exception {
        template.requestBody(uri("q", "messageType=CON&timeout=5000&method=GET&throwExceptionOnFailure=true"), (Object) null);
        assertEquals(0, device.nextRequest().getOptions().getURIQueryCount());

        template.requestBody(uri("q", "uriQuery=RAW(a=1&b=2)&timeout=5000"), (Object) null);
        assertEquals(Arrays.asList("a=1", "b=2"), device.nextRequest().getOptions().getUriQuery());
    }

    @Test
    void errorAnswerFailsTheExchangeWithTheCode() {
        Exchange answer = template.request(uri("missing", ""), e -> {
        });
        RmpCoapOperationFailedException failure = assertInstanceOf(RmpCoapOperationFailedException.class,
                answer.getException());
        assertEquals("4.04", failure.getResponseCode());
        assertTrue(failure.getMessage().contains("4.04"), failure.getMessage());
    }

    @Test
    void errorAnswerIsTheBodyWhenExceptionsAreOff() {
        Exchange answer = template.request(uri("missing", "throwExceptionOnFailure=false"), e -> {
        });
        assertNull(answer.getException());
        assertEquals("4.04", answer.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
    }

    @ParameterizedTest
    @EnumSource(value = CoAP.Type.class, names = { "CON", "NON" })
    void silentDeviceFailsWithinTimeoutPlusMargin(CoAP.Type type) throws Exception {
        try (DatagramSocket silent = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            long start = System.nanoTime();
            Exchange answer = template.request("rmpcoap:coap://127.0.0.1:" + silent.getLocalPort()
                                               + "/x?timeout=1000&messageType=" + type,
                    e -> {
                    });
            long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

            RmpCoapTimeoutException timeout = assertInstanceOf(RmpCoapTimeoutException.class, answer.getException());
            assertEquals(1000, timeout.getTimeout());
            // a timing promise: not before the timeout, and within it plus a margin a busy machine keeps
            assertTrue(elapsedMs >= 950 && elapsedMs < 1000 + 2000, "failed after " + elapsedMs + " ms");
        }
    }

    @Test
    void processReturnsBeforeTheAnswerAndCompletesFromTheCallback() throws Exception {
        Producer producer = context.getEndpoint(uri("slow", "timeout=10000")).createProducer();
        producer.start();
        try {
            Exchange exchange = new DefaultExchange(context);
            CountDownLatch completed = new CountDownLatch(1);
            boolean doneSync = ((AsyncProcessor) producer).process(exchange, sync -> completed.countDown());

            assertFalse(doneSync, "the producer must not complete synchronously");
            device.nextRequest();
            assertEquals(1, completed.getCount(), "completed before the device answered");
            device.release();
            assertTrue(completed.await(5, TimeUnit.SECONDS));
            assertEquals("2.05", exchange.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
        } finally {
            producer.stop();
        }
    }

    @Test
    void producersWithEqualSettingsShareOneClientEndpoint() throws Exception {
        template.requestBody(uri("a", "timeout=4000"), (Object) null);
        template.requestBody(uri("b", "timeout=5000&messageType=NON"), (Object) null);
        Request first = device.nextRequest();
        Request second = device.nextRequest();
        assertEquals(first.getSourceContext().getPeerAddress(), second.getSourceContext().getPeerAddress());
    }

    @Test
    void sustainedConcurrentLoadFromManyProducersCompletesWithoutFailures() throws Exception {
        List<CompletableFuture<Exchange>> answers = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            String path = "load" + i % 5; // five connectors to one device, sharing one client endpoint
            int n = i;
            answers.add(template.asyncSend(uri(path, "timeout=20000"), e -> e.getMessage().setBody("m" + n)));
        }
        int failed = 0;
        for (CompletableFuture<Exchange> answer : answers) {
            Exchange exchange = answer.get(30, TimeUnit.SECONDS);
            if (exchange.getException() != null || !"2.04".equals(exchange.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE))) {
                failed++;
            }
        }
        assertEquals(0, failed, "failed exchanges (e.g. \"No MID available\")");
        assertEquals(5000, device.requests.size(), "each request reached the device once");
    }

    @ParameterizedTest
    @EnumSource(value = CoAP.Type.class, names = { "ACK", "RST" })
    void ackAndRstSendAnEmptyMessageForTheGivenMessageId(CoAP.Type type) throws Exception {
        try (DatagramSocket peer = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            peer.setSoTimeout(5000);
            Exchange answer = template.request("rmpcoap:coap://127.0.0.1:" + peer.getLocalPort() + "/x?messageType=" + type,
                    e -> e.getMessage().setHeader(RmpCoapConstants.MESSAGE_ID, 0x1234));
            assertNull(answer.getException());

            DatagramPacket packet = new DatagramPacket(new byte[64], 64);
            peer.receive(packet);
            assertEquals(4, packet.getLength(), "an empty message is a bare 4-byte header");
            byte[] b = packet.getData();
            assertEquals(1, (b[0] >> 6) & 0x3, "version");
            assertEquals(type.value, (b[0] >> 4) & 0x3, "type");
            assertEquals(0, b[0] & 0x0F, "no token");
            assertEquals(0, b[1], "code 0.00");
            assertEquals(0x1234, ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
        }
    }

    @Test
    void ackWithoutMessageIdFailsClearly() {
        Exchange answer = template.request(uri("x", "messageType=ACK"), e -> {
        });
        assertInstanceOf(IllegalArgumentException.class, answer.getException());
        assertTrue(answer.getException().getMessage().contains(RmpCoapConstants.MESSAGE_ID));
    }
}
