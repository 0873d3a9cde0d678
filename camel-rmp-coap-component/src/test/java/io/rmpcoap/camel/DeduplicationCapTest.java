package io.rmpcoap.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rmpcoap.camel.test.TestDevice;
import org.apache.camel.BindToRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Token;
import org.junit.jupiter.api.Test;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@code maxDeduplicationMessages} caps a server's deduplication store in total (plain-coap source addresses can be
 * spoofed, so a per-peer bound is no bound), and at the cap the oldest message is forgotten first.
 */
class DeduplicationCapTest extends CamelTestSupport {

    private static final int CAP = 50;

    @BindToRegistry("meters")
    private final MeterRegistry meters = new SimpleMeterRegistry();
    private final AtomicInteger routed = new AtomicInteger();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:0/count?maxDeduplicationMessages=" + CAP).routeId("count")
                        .process(e -> e.getMessage().setBody("call " + routed.incrementAndGet()));
            }
        };
    }

    private double storeSize() {
        return meters.get("rmpcoap.server.dedup.size").gauge().value();
    }

    private static Request post(int mid, Token token) {
        Request request = new Request(CoAP.Code.POST);
        request.getOptions().setUriPath("count");
        request.setPayload("x");
        if (token != null) {
            request.setMID(mid);
            request.setToken(token);
        }
        return request;
    }

    @Test
    void storeOfManyPeersStaysAtItsCapAndForgetsTheOldestMessageFirst() throws Exception {
        int port = port(context, "count");
        // four peers with fewer messages each than Californium's per-peer bound (64): only a total cap holds them
        List<TestDevice> peers = new ArrayList<>();
        List<Request> sent = new ArrayList<>();
        try {
            for (int p = 0; p < 4; p++) {
                TestDevice peer = TestDevice.plain();
                peers.add(peer);
                for (int i = 0; i < CAP; i++) {
                    Request request = post(0, null);
                    assertNotNull(peer.send(request, port), "request " + i + " of peer " + p + " answered");
                    sent.add(request);
                }
            }
            assertEquals(4 * CAP, routed.get());
            assertEquals(CAP, storeSize(), "the store holds the cap, not one entry per request");

            // the newest message is remembered: its retransmission gets the same answer without reaching the route
            Request newest = sent.get(sent.size() - 1);
            CoapResponse again = peers.get(3).send(post(newest.getMID(), newest.getToken()), port);
            assertNotNull(again);
            assertEquals("call " + 4 * CAP, again.getResponseText());
            assertEquals(4 * CAP, routed.get(), "a remembered retransmission never reaches the route");

            // the oldest was forgotten at the cap: its retransmission is served as a new request (the defined cost)
            Request oldest = sent.get(0);
            CoapResponse late = peers.get(0).send(post(oldest.getMID(), oldest.getToken()), port);
            assertNotNull(late);
            assertEquals(ResponseCode.CHANGED, late.getCode());
            assertEquals(4 * CAP + 1, routed.get());
            assertEquals(CAP, storeSize());
        } finally {
            peers.forEach(TestDevice::close);
        }
    }
}
