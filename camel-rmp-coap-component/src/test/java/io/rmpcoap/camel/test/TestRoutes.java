package io.rmpcoap.camel.test;

import io.rmpcoap.camel.RmpCoapConsumer;
import org.apache.camel.CamelContext;

/** What tests need to know about the rmpcoap routes they started. */
public final class TestRoutes {

    private TestRoutes() {
    }

    /** The UDP port the rmpcoap consumer of {@code routeId} is bound to (routes listen on port 0). */
    public static int port(CamelContext context, String routeId) {
        return ((RmpCoapConsumer) context.getRoute(routeId).getConsumer()).getLocalAddress().getPort();
    }

    /** A recognisable payload of {@code size} bytes (A to Z, repeated), for block-wise transfers. */
    public static byte[] pattern(int size) {
        byte[] data = new byte[size];
        for (int i = 0; i < size; i++) {
            data[i] = (byte) ('A' + i % 26);
        }
        return data;
    }
}
