package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.test.TestRoutes;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The ETag and Max-Age options as headers, both ways: a producer publishes those of the device's answer, a serving
 * consumer answers with those the route set, and publishes a device's request ETags only as request data, which no
 * producer sends on.
 */
class ETagMaxAgeTest extends CamelTestSupport {

    private static final byte[] DEVICE_ETAG = { 1, 2, 3 };
    private static CoapServer server;
    private static final BlockingQueue<Request> serverRequests = new LinkedBlockingQueue<>();
    private TestDevice device;

    @BeforeAll
    static void startServer() {
        Configuration configuration = Configuration.createStandardWithoutFile();
        server = new CoapServer(configuration);
        server.addEndpoint(CoapEndpoint.builder().setConfiguration(configuration)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build());
        server.add(new CoapResource("tagged") {
            @Override
            public void handleGET(CoapExchange exchange) {
                serverRequests.add(exchange.advanced().getRequest());
                exchange.setETag(DEVICE_ETAG);
                exchange.setMaxAge(30);
                exchange.respond(ResponseCode.CONTENT, "21.5");
            }
        });
        server.add(new CoapResource("plain") {
            @Override
            public void handleGET(CoapExchange exchange) {
                serverRequests.add(exchange.advanced().getRequest());
                exchange.respond(ResponseCode.CONTENT, "no options");
            }
        });
        server.start();
    }

    @AfterAll
    static void stopServer() {
        server.destroy();
    }

    @BeforeEach
    void startDevice() throws Exception {
        device = TestDevice.plain();
        serverRequests.clear();
    }

    @AfterEach
    void stopDevice() {
        device.close();
    }

    private static int serverPort() {
        return server.getEndpoints().get(0).getAddress().getPort();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:0/state").routeId("state")
                        .process(e -> {
                            List<?> known = e.getMessage().getHeader(RmpCoapConstants.REQUEST_ETAG, List.class);
                            boolean current = known != null && known.stream()
                                    .anyMatch(tag -> new String((byte[]) tag, StandardCharsets.UTF_8).equals("v7"));
                            e.getMessage().setHeader(RmpCoapConstants.ETAG, "v7");
                            e.getMessage().setHeader(RmpCoapConstants.MAX_AGE, 5L);
                            if (current) {
                                e.getMessage().setHeader(RmpCoapConstants.RESPONSE_CODE, "2.03");
                                e.getMessage().setBody(null);
                            } else {
                                e.getMessage().setBody("state 7");
                            }
                        });
                from("rmpcoap:coap://127.0.0.1:0/echo").routeId("echo")
                        .setBody(simple("${header.CamelRmpCoapETag}|${header.CamelRmpCoapMaxAge}"));
                from("rmpcoap:coap://127.0.0.1:0/badTag").routeId("badTag")
                        .setHeader(RmpCoapConstants.ETAG, constant("nine byte"));
                from("rmpcoap:coap://127.0.0.1:0/badAge").routeId("badAge")
                        .setHeader(RmpCoapConstants.MAX_AGE, constant(-1L));
            }
        };
    }

    @Test
    void producerPublishesTheAnswersETagAndMaxAgeAndDropsThoseOfAnEarlierAnswer() {
        Exchange tagged = template.request("rmpcoap:coap://127.0.0.1:" + serverPort() + "/tagged", e -> {
        });
        assertArrayEquals(DEVICE_ETAG, tagged.getMessage().getHeader(RmpCoapConstants.ETAG, byte[].class));
        assertEquals(30L, tagged.getMessage().getHeader(RmpCoapConstants.MAX_AGE));

        Exchange plain = template.request("rmpcoap:coap://127.0.0.1:" + serverPort() + "/plain", e -> {
            e.getMessage().setHeader(RmpCoapConstants.ETAG, new byte[] { 9 });
            e.getMessage().setHeader(RmpCoapConstants.MAX_AGE, 99L);
        });
        assertNull(plain.getMessage().getHeader(RmpCoapConstants.ETAG), "the answer had no ETag");
        assertNull(plain.getMessage().getHeader(RmpCoapConstants.MAX_AGE), "the answer had no Max-Age");
    }

    @Test
    void producerNeverSendsTheETagHeaderAsARequestOption() throws Exception {
        template.request("rmpcoap:coap://127.0.0.1:" + serverPort() + "/plain", e -> {
            e.getMessage().setHeader(RmpCoapConstants.ETAG, new byte[] { 9 });
            e.getMessage().setHeader(RmpCoapConstants.MAX_AGE, 99L);
        });
        Request seen = serverRequests.poll(5, TimeUnit.SECONDS);
        assertNotNull(seen);
        assertEquals(0, seen.getOptions().getETagCount());
        assertFalse(seen.getOptions().hasMaxAge());
    }

    @Test
    void consumerAnswersWithTheRoutesETagAndMaxAgeAndValidatesTheDevicesETag() throws Exception {
        int port = TestRoutes.port(context, "state");
        Request first = new Request(Code.GET);
        first.getOptions().setUriPath("state");
        CoapResponse fresh = device.send(first, port, 5000);
        assertEquals(ResponseCode.CONTENT, fresh.getCode());
        assertEquals("state 7", fresh.getResponseText());
        assertArrayEquals("v7".getBytes(StandardCharsets.UTF_8), fresh.getOptions().getETags().get(0));
        assertEquals(5L, fresh.getOptions().getMaxAge());

        Request revalidate = new Request(Code.GET);
        revalidate.getOptions().setUriPath("state");
        revalidate.getOptions().addETag(new byte[] { 0x42 });
        revalidate.getOptions().addETag("v7".getBytes(StandardCharsets.UTF_8));
        CoapResponse valid = device.send(revalidate, port, 5000);
        assertEquals(ResponseCode.VALID, valid.getCode(), "the route saw the device's ETags and answered 2.03");
        assertArrayEquals("v7".getBytes(StandardCharsets.UTF_8), valid.getOptions().getETags().get(0));
        assertEquals(0, valid.getPayloadSize());
    }

    @Test
    void deviceRequestETagIsRequestDataNeverTheAnswerHeader() throws Exception {
        Request request = new Request(Code.GET);
        request.getOptions().setUriPath("echo");
        request.getOptions().addETag(new byte[] { 7, 7 });
        request.getOptions().setMaxAge(77);
        CoapResponse response = device.send(request, TestRoutes.port(context, "echo"), 5000);
        assertEquals("|", response.getResponseText(), "no CamelRmpCoapETag or CamelRmpCoapMaxAge from a request");
        assertEquals(0, response.getOptions().getETagCount(), "the device's ETag is not echoed into the answer");
    }

    @Test
    void producerToConsumerRoundTripCarriesBothOptions() {
        Exchange answer = template.request("rmpcoap:coap://127.0.0.1:" + TestRoutes.port(context, "state") + "/state",
                e -> {
                });
        assertEquals("state 7", answer.getMessage().getBody(String.class));
        assertArrayEquals("v7".getBytes(StandardCharsets.UTF_8), answer.getMessage().getHeader(RmpCoapConstants.ETAG,
                byte[].class));
        assertEquals(5L, answer.getMessage().getHeader(RmpCoapConstants.MAX_AGE));
    }

    @Test
    void valuesThatDoNotFitTheOptionsAnswer500() throws Exception {
        Request tag = new Request(Code.GET);
        tag.getOptions().setUriPath("badTag");
        assertEquals(ResponseCode.INTERNAL_SERVER_ERROR, device.send(tag, TestRoutes.port(context, "badTag"), 5000).getCode());
        Request age = new Request(Code.GET);
        age.getOptions().setUriPath("badAge");
        assertEquals(ResponseCode.INTERNAL_SERVER_ERROR, device.send(age, TestRoutes.port(context, "badAge"), 5000).getCode());
    }
}
