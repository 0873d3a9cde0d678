package io.rmpcoap.examples.device;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

/**
 * A demo CoAP device on 127.0.0.1: a thermometer at {@code /temperature} and a valve at {@code /valve} that can be
 * read and set. It stands in for a real device so that the examples run offline.
 */
public final class DemoDevice implements AutoCloseable {

    static {
        CoapConfig.register();
        UdpConfig.register();
    }

    private final CoapServer server;
    private volatile String valve = "closed";

    private DemoDevice() {
        server = new CoapServer(Configuration.createStandardWithoutFile());
        server.add(new CoapResource("temperature") {
            @Override
            public void handleGET(CoapExchange exchange) {
                exchange.respond(ResponseCode.CONTENT, "{\"celsius\":21.5}", MediaTypeRegistry.APPLICATION_JSON);
            }
        });
        server.add(new CoapResource("valve") {
            @Override
            public void handleGET(CoapExchange exchange) {
                exchange.respond(ResponseCode.CONTENT, "{\"valve\":\"" + valve + "\"}", MediaTypeRegistry.APPLICATION_JSON);
            }

            @Override
            public void handlePUT(CoapExchange exchange) {
                String state = new String(exchange.getRequestPayload(), StandardCharsets.UTF_8).trim();
                if (!state.equals("open") && !state.equals("closed")) {
                    exchange.respond(ResponseCode.BAD_REQUEST, "valve takes open or closed");
                    return;
                }
                valve = state;
                exchange.respond(ResponseCode.CHANGED);
            }
        });
    }

    /** Starts the device on 127.0.0.1 and the given UDP port (0 for any free port). */
    public static DemoDevice start(int port) {
        DemoDevice device = new DemoDevice();
        device.server.addEndpoint(CoapEndpoint.builder().setInetSocketAddress(new InetSocketAddress("127.0.0.1", port)).build());
        device.server.start();
        return device;
    }

    public int port() {
        return server.getEndpoints().get(0).getAddress().getPort();
    }

    @Override
    public void close() {
        server.destroy();
    }
}
