package io.rmpcoap.camel;

import java.util.concurrent.TimeUnit;

import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Scandium's {@code DTLS_MAX_CONNECTIONS}, set through the component's {@code coapConfiguration}, bounds the DTLS
 * sessions a consumer holds. When the store is full, a new device gets a session only by evicting the least recently
 * used connection, and only when that one has been idle for {@code DTLS_STALE_CONNECTION_THRESHOLD}; otherwise its
 * handshake is not answered.
 */
class DtlsConnectionLimitTest {

    private static final int MAX_CONNECTIONS = 2;

    private CamelContext context;

    @AfterEach
    void stop() {
        if (context != null) {
            context.stop();
        }
    }

    private int start(long staleThresholdSeconds) throws Exception {
        Configuration coap = RmpCoapComponent.defaultCoapConfiguration();
        coap.set(DtlsConfig.DTLS_MAX_CONNECTIONS, MAX_CONNECTIONS);
        coap.set(DtlsConfig.DTLS_STALE_CONNECTION_THRESHOLD, staleThresholdSeconds, TimeUnit.SECONDS);
        RmpCoapComponent component = new RmpCoapComponent();
        component.setCoapConfiguration(coap);
        context = new DefaultCamelContext();
        context.addComponent("rmpcoap", component);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coaps://127.0.0.1:0/limit?pskIdentity=hello&pskKey=" + PskKeys.hexKey("world"))
                        .routeId("limit").setBody(constant("served"));
            }
        });
        context.start();
        return port(context, "limit");
    }

    private static CoapResponse get(TestDevice device, int port, long waitMillis) throws InterruptedException {
        Request request = new Request(CoAP.Code.GET);
        request.getOptions().setUriPath("limit");
        return device.send(request, port, waitMillis);
    }

    @Test
    void oneDeviceMoreThanDtlsMaxConnectionsGetsNoSessionWhileTheOthersAreActive() throws Exception {
        int port = start(3600);
        try (TestDevice first = TestDevice.psk("hello", PskKeys.hexKey("world"));
             TestDevice second = TestDevice.psk("hello", PskKeys.hexKey("world"));
             TestDevice third = TestDevice.psk("hello", PskKeys.hexKey("world"))) {
            assertEquals("served", get(first, port, 10_000).getResponseText());
            assertEquals("served", get(second, port, 10_000).getResponseText());

            // Scandium's client retransmits its flight for several seconds; none of it is answered
            assertNull(get(third, port, 6_000), "a device beyond DTLS_MAX_CONNECTIONS must not get a session");

            CoapResponse stillServed = get(first, port, 10_000);
            assertNotNull(stillServed, "the devices holding the sessions keep them");
            assertEquals("served", stillServed.getResponseText());
        }
    }

    @Test
    void aFullStoreEvictsTheLeastRecentlyUsedSessionOnceItIsStale() throws Exception {
        int port = start(2);
        try (TestDevice first = TestDevice.psk("hello", PskKeys.hexKey("world"));
             TestDevice second = TestDevice.psk("hello", PskKeys.hexKey("world"));
             TestDevice third = TestDevice.psk("hello", PskKeys.hexKey("world"))) {
            assertEquals("served", get(first, port, 10_000).getResponseText());
            assertEquals("served", get(second, port, 10_000).getResponseText());

            // the third device's handshake is retransmitted (after 1, 2, 4 s, ...) until the first session has been
            // idle for the 2 s threshold and makes room
            CoapResponse answer = get(third, port, 20_000);
            assertNotNull(answer, "a stale session must make room for a new device");
            assertEquals("served", answer.getResponseText());
            CoapResponse secondAgain = get(second, port, 10_000);
            assertNotNull(secondAgain, "the more recently used session stays; the least recently used one made room");
            assertEquals("served", secondAgain.getResponseText());
        }
    }
}
