package io.rmpcoap.camel;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Micrometer registry in the Camel registry is autowired and counts requests and DTLS handshakes. */
class RmpCoapMetricsTest extends CamelTestSupport {

    @BindToRegistry("meters")
    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coaps://127.0.0.1:0/m?pskIdentity=hello&pskKey=" + PskKeys.hexKey("world")).routeId("m")
                        .setBody(constant("measured"));
            }
        };
    }

    private String uri(String options) {
        int port = port(context, "m");
        return "rmpcoap:coaps://127.0.0.1:" + port + "/m?method=GET&pskIdentity=hello&timeout=3000&" + options;
    }

    private double count(String name, String... tags) {
        var search = meters.find(name).tags(tags);
        Timer timer = search.timer();
        if (timer != null) {
            return timer.count();
        }
        var counter = search.counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void answeredRequestsAndHandshakesAreCountedOnBothSides() {
        Exchange answer = template.request(uri("pskPassword=world"), e -> {
        });
        assertNull(answer.getException());
        assertEquals("measured", answer.getMessage().getBody(String.class));

        assertEquals(1, count("rmpcoap.client.requests", "code", "2.05", "device", "127.0.0.1"));
        assertEquals(1, count("rmpcoap.server.requests", "code", "2.05", "method", "GET", "target", "none"));
        assertTrue(count("rmpcoap.dtls.handshakes", "role", "client", "result", "success") >= 1);
        assertTrue(count("rmpcoap.dtls.handshakes", "role", "server", "result", "success") >= 1);
        assertTrue(meters.find("rmpcoap.server.requests").timer().totalTime(java.util.concurrent.TimeUnit.NANOSECONDS) > 0);
        assertTrue(meters.get("rmpcoap.server.dedup.size").gauge().value() >= 1,
                "the answered Confirmable stays in the deduplicator for its exchange lifetime");
    }

    @Test
    void wrongKeyIsCountedAsDroppedRecordsAndTheTimeout() {
        Exchange answer = template.request(uri("pskPassword=wrong"), e -> {
        });
        assertNotNull(answer.getException());
        assertEquals(0, count("rmpcoap.server.requests"));
        // with a wrong key the server cannot authenticate the client's Finished record and drops it (DTLS drops
        // records that fail authentication), so the handshake stalls until Scandium gives up on it
        // get() fails when the meter does not exist, so a renamed meter cannot pass as a zero count
        assertTrue(meters.get("rmpcoap.dtls.records.dropped").tags("role", "server").counter().count() >= 1,
                "the forged record must be counted");
        assertEquals(0, meters.get("rmpcoap.dtls.handshakes").tags("role", "server", "result", "success").counter().count());
        assertEquals(1, count("rmpcoap.client.requests", "code", "timeout")
                        + count("rmpcoap.client.requests", "code", "error"));
    }
}
