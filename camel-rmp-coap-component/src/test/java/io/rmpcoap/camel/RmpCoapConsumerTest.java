package io.rmpcoap.camel;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.rmpcoap.camel.test.TestDevice;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The consumer served to a real Californium client over UDP on 127.0.0.1 (servers bind port 0, so always free).
 */
class RmpCoapConsumerTest extends CamelTestSupport {

    private final AtomicInteger slowCalls = new AtomicInteger();
    private final CountDownLatch busyEntered = new CountDownLatch(1);
    private final CountDownLatch busyRelease = new CountDownLatch(1);
    private TestDevice client;

    @BeforeEach
    void startClient() throws Exception {
        client = TestDevice.plain();
    }

    @AfterEach
    void stopClient() {
        busyRelease.countDown();
        client.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:0/hello").routeId("hello")
                        .setBody(simple("hello ${header.CamelRmpCoapRequestMethod} ${header.CamelRmpCoapRequestUriQuery}"));
                from("rmpcoap:coap://127.0.0.1:0/fail").routeId("fail")
                        .throwException(new IllegalStateException("internal detail"));
                from("rmpcoap:coap://127.0.0.1:0/coded").routeId("coded")
                        .setHeader(RmpCoapConstants.RESPONSE_CODE, constant("4.03"));
                from("rmpcoap:coap://127.0.0.1:0/http").routeId("http")
                        .setHeader(Exchange.HTTP_RESPONSE_CODE, constant(201))
                        .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                        .setBody(constant("{\"id\":7}"));
                from("rmpcoap:coap://127.0.0.1:0/slow?separateResponseDelay=200").routeId("slow")
                        .process(e -> {
                            slowCalls.incrementAndGet();
                            Thread.sleep(1500);
                        })
                        .setBody(constant("late"));
                from("rmpcoap:coap://127.0.0.1:0/proxy?proxyMode=true").routeId("proxy")
                        .to("mock:proxy")
                        .setBody(simple("proxied ${header.CamelRmpCoapRequestProxyUri}"));
                from("rmpcoap:coap://127.0.0.1:0/echo?maxPayloadSize=4096").routeId("echo")
                        .to("mock:echo");
                from("rmpcoap:coap://127.0.0.1:0/things/{id}/state").routeId("template")
                        .setBody(simple("${header.id} ${header.verbose}"));
                from("rmpcoap:coap://127.0.0.1:0/small?maxPayloadSize=100").routeId("small")
                        .to("mock:small");
                from("rmpcoap:coap://127.0.0.1:0/loud?muteException=false").routeId("loud")
                        .throwException(new IllegalStateException("internal detail"));
                from("rmpcoap:coap://127.0.0.1:0/busy?workerPoolSize=1&workerQueueSize=0").routeId("busy")
                        .process(e -> {
                            busyEntered.countDown();
                            busyRelease.await(20, TimeUnit.SECONDS);
                        })
                        .setBody(constant("done"));
            }
        };
    }

    private static Request request(CoAP.Code code, String path) {
        Request request = new Request(code);
        request.getOptions().setUriPath(path);
        return request;
    }

    @Test
    void requestReachesTheRouteOfItsPathAndTheBodyIsTheAnswer() throws Exception {
        Request request = request(CoAP.Code.GET, "hello");
        request.getOptions().setUriQuery("a=1&b=2");
        CoapResponse response = client.send(request, port(context, "hello"));
        assertEquals(ResponseCode.CONTENT, response.getCode());
        assertEquals("hello GET a=1&b=2", response.getResponseText());
        assertEquals(CoAP.Type.ACK, response.advanced().getType(), "answered within separateResponseDelay: piggybacked");
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        assertEquals(ResponseCode.NOT_FOUND,
                client.send(request(CoAP.Code.GET, "nothing"), port(context, "hello")).getCode());
    }

    @Test
    void proxyRequestToAServerWithoutProxyModeIsProxyingNotSupported() throws Exception {
        // the "hello" and "proxy" routes listen on different ephemeral ports
        Request request = request(CoAP.Code.GET, "");
        request.getOptions().setProxyUri("http://example.org/x");
        assertEquals(ResponseCode.PROXY_NOT_SUPPORTED, client.send(request, port(context, "hello")).getCode());
    }

    @Test
    void proxyModeDeliversProxyUriMethodPayloadAndFormat() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:proxy");
        mock.expectedMessageCount(1);
        Request request = request(CoAP.Code.POST, "");
        request.getOptions().setProxyUri("http://api.example/x?key=aGVsbG86d29ybGQ=");
        request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        request.setPayload("{\"t\":1}");

        CoapResponse response = client.send(request, port(context, "proxy"));

        assertEquals(ResponseCode.CHANGED, response.getCode());
        assertEquals("proxied http://api.example/x?key=aGVsbG86d29ybGQ=", response.getResponseText());
        mock.assertIsSatisfied();
        Exchange seen = mock.getExchanges().get(0);
        assertEquals("POST", seen.getMessage().getHeader(RmpCoapConstants.REQUEST_METHOD));
        assertEquals(50, seen.getMessage().getHeader(RmpCoapConstants.REQUEST_CONTENT_FORMAT));
        assertEquals("application/json", seen.getMessage().getHeader(Exchange.CONTENT_TYPE));
        assertEquals("CON", seen.getMessage().getHeader(RmpCoapConstants.REQUEST_MESSAGE_TYPE));
        for (String control : new String[] { RmpCoapConstants.METHOD, RmpCoapConstants.PROXY_URI, RmpCoapConstants.URI_PATH,
                RmpCoapConstants.URI_QUERY, RmpCoapConstants.CONTENT_FORMAT, RmpCoapConstants.ACCEPT,
                RmpCoapConstants.MESSAGE_TYPE, RmpCoapConstants.MESSAGE_ID }) {
            assertNull(seen.getMessage().getHeader(control), "a consumer never writes the producer's control header " + control);
        }
        assertEquals("{\"t\":1}", seen.getMessage().getBody(String.class));
        assertNull(seen.getMessage().getHeader(RmpCoapConstants.PSK_IDENTITY), "no identity over plain coap");
    }

    @Test
    void failedExchangeAnswersInternalServerErrorWithoutExceptionText() throws Exception {
        CoapResponse response = client.send(request(CoAP.Code.GET, "fail"), port(context, "fail"));
        assertEquals(ResponseCode.INTERNAL_SERVER_ERROR, response.getCode());
        assertEquals(0, response.getPayload().length);
    }

    @Test
    void muteExceptionFalseSendsTheExceptionMessageAsThePayload() throws Exception {
        CoapResponse response = client.send(request(CoAP.Code.GET, "loud"), port(context, "loud"));
        assertEquals(ResponseCode.INTERNAL_SERVER_ERROR, response.getCode());
        assertEquals("internal detail", response.getResponseText());
    }

    @Test
    void fullWorkerPoolAnswersServiceUnavailableWhileTheRouteIsStillBusy() throws Exception {
        int port = port(context, "busy");
        // the first request takes the only worker and holds it; a non-confirmable one so nothing is retransmitted
        Request first = request(CoAP.Code.GET, "busy");
        first.setType(CoAP.Type.NON);
        try (TestDevice other = TestDevice.plain()) {
            CompletableFuture<CoapResponse> firstAnswer = CompletableFuture.supplyAsync(() -> {
                try {
                    return other.send(first, port, 20_000);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            assertTrue(busyEntered.await(10, TimeUnit.SECONDS), "the first request must reach the route");

            // answered while the worker is still held, so it was refused, not queued
            CoapResponse refused = client.send(request(CoAP.Code.GET, "busy"), port, 5_000);
            assertNotNull(refused, "a full pool must answer at once, not leave the device waiting");
            assertEquals(ResponseCode.SERVICE_UNAVAILABLE, refused.getCode());
            assertFalse(firstAnswer.isDone(), "the first request is still in the route");

            busyRelease.countDown();
            assertEquals("done", firstAnswer.get(10, TimeUnit.SECONDS).getResponseText());
        }
    }

    @Test
    void responseCodeHeaderAndMappedHttpStatusSetTheCode() throws Exception {
        assertEquals(ResponseCode.FORBIDDEN,
                client.send(request(CoAP.Code.GET, "coded"), port(context, "coded")).getCode());

        CoapResponse created = client.send(request(CoAP.Code.POST, "http"), port(context, "http"));
        assertEquals(ResponseCode.CREATED, created.getCode());
        assertEquals("{\"id\":7}", created.getResponseText());
    }

    @Test
    void slowRouteGetsAnEmptyAckThenASeparateResponseAndRunsOnce() throws Exception {
        // twice, one after the other: the timer that acknowledges goes idle in between and must wake for the second
        for (int i = 1; i <= 2; i++) {
            AtomicBoolean acknowledgedFirst = new AtomicBoolean();
            Request request = request(CoAP.Code.GET, "slow");
            request.addMessageObserver(new MessageObserverAdapter() {
                @Override
                public void onAcknowledgement() {
                    acknowledgedFirst.set(true);
                }
            });

            CoapResponse response = client.send(request, port(context, "slow"));

            assertNotNull(response);
            assertTrue(acknowledgedFirst.get(), "request " + i + ": an empty ACK must come before the separate response");
            assertEquals(CoAP.Type.CON, response.advanced().getType(), "a separate response is Confirmable");
            assertEquals("late", response.getResponseText());
            assertEquals(i, slowCalls.get());
        }
    }

    @Test
    void retransmittedConfirmableReachesTheRouteOnceAndGetsIdenticalAnswers() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:echo");
        mock.expectedMessageCount(1);
        Request request = request(CoAP.Code.POST, "echo");
        request.setType(CoAP.Type.CON);
        request.setMID(4242);
        request.setToken(Token.fromProvider(new byte[] { 1, 2, 3, 4 }));
        request.setPayload("once");
        int port = port(context, "echo");
        request.setDestinationContext(new AddressEndpointContext(InetAddress.getLoopbackAddress(), port));
        byte[] datagram = new UdpDataSerializer().serializeRequest(request).getBytes();

        List<byte[]> answers = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            // like a device, retransmit when no answer came within a second: Californium ignores a duplicate that
            // arrives before its first answer has left
            socket.setSoTimeout(1000);
            for (int sent = 0; answers.size() < 5 && sent < 20; sent++) {
                socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), port));
                DatagramPacket answer = new DatagramPacket(new byte[1500], 1500);
                try {
                    socket.receive(answer);
                    answers.add(Arrays.copyOf(answer.getData(), answer.getLength()));
                } catch (SocketTimeoutException e) {
                    // retransmit
                }
            }
        }

        assertEquals(5, answers.size(), "every retransmission must be answered");
        // each answer leaves only after the run that produced it has passed the mock, so all runs are counted now
        mock.assertIsSatisfied();
        assertEquals(1, mock.getReceivedCounter(), "the duplicates must not reach the route");
        for (byte[] answer : answers) {
            assertArrayEquals(answers.get(0), answer);
        }
        assertEquals(2, (answers.get(0)[0] >> 4) & 0x3, "a piggybacked ACK");
    }

    @Test
    void payloadOverTheLimitIsRequestEntityTooLarge() throws Exception {
        Request request = request(CoAP.Code.POST, "echo");
        request.setPayload(new byte[8192]);
        CoapResponse response = client.send(request, port(context, "echo"));
        assertEquals(ResponseCode.REQUEST_ENTITY_TOO_LARGE, response.getCode());
        assertEquals(4096, response.getOptions().getSize1(), "Size1 tells the device the limit");
        assertEquals(0, getMockEndpoint("mock:echo").getReceivedCounter());
    }

    @Test
    void singleDatagramOverTheLimitIsRequestEntityTooLargeWithTheLimitAsSize1() throws Exception {
        Request request = request(CoAP.Code.POST, "small");
        request.setPayload(new byte[200]); // one datagram, no block-wise transfer
        CoapResponse response = client.send(request, port(context, "small"));
        assertEquals(ResponseCode.REQUEST_ENTITY_TOO_LARGE, response.getCode());
        assertEquals(100, response.getOptions().getSize1(), "Size1 tells the device the limit");
        assertEquals(0, getMockEndpoint("mock:small").getReceivedCounter());
    }

    @Test
    void queryCannotForgeIdentityHeaders() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:echo");
        Request request = request(CoAP.Code.POST, "echo");
        request.getOptions().setUriQuery(RmpCoapConstants.PSK_IDENTITY + "=admin&CamelHttpUri=http://evil&Authorization=x");
        request.setPayload("x");
        client.send(request, port(context, "echo"));

        Exchange seen = mock.getExchanges().get(0);
        assertNull(seen.getMessage().getHeader(RmpCoapConstants.PSK_IDENTITY));
        assertNull(seen.getMessage().getHeader(Exchange.HTTP_URI));
        assertNull(seen.getMessage().getHeader("Authorization"));
        assertFalse(seen.getMessage().getHeaders().containsKey("admin"));
    }

    @Test
    void pathTemplateParameterBecomesAHeaderButAPlainConsumersQueryDoesNot() throws Exception {
        Request request = request(CoAP.Code.GET, "things/t-9/state");
        request.getOptions().setUriQuery("verbose=yes");
        CoapResponse response = client.send(request, port(context, "template"));
        assertEquals(ResponseCode.CONTENT, response.getCode());
        assertEquals("t-9 ", response.getResponseText());
        assertEquals(ResponseCode.NOT_FOUND,
                client.send(request(CoAP.Code.GET, "things/t-9"), port(context, "template")).getCode());
    }

    @Test
    void consumersOnOnePortShareOneServer() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                int port = port(context, "hello");
                from("rmpcoap:coap://127.0.0.1:" + port + "/second").routeId("second").setBody(constant("two"));
            }
        });
        assertEquals("two", client.send(request(CoAP.Code.GET, "second"), port(context, "hello")).getResponseText());
        assertEquals(port(context, "hello"), port(context, "second"));

        context.getRouteController().stopRoute("second");
        assertEquals(ResponseCode.NOT_FOUND,
                client.send(request(CoAP.Code.GET, "second"), port(context, "hello")).getCode());
        assertEquals(ResponseCode.CONTENT,
                client.send(request(CoAP.Code.GET, "hello"), port(context, "hello")).getCode());
    }
}
