package io.rmpcoap.bench.targets;

import io.rmpcoap.bench.BenchConfig;
import io.rmpcoap.bench.TargetSupport;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;

/**
 * The device of the outbound benchmark: a Californium server with resource {@code echo} (POST echoes the payload with
 * 2.04, GET answers 2.05 with a small JSON). Arguments: port, udp|dtls.
 */
public final class CoapDeviceTarget {

    private CoapDeviceTarget() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        boolean dtls = "dtls".equals(args[1]);
        Configuration config = BenchConfig.device(BenchConfig.standard());
        CoapEndpoint.Builder builder = BenchConfig.serverEndpoint(config, port, dtls);
        CoapServer server = new CoapServer(config);
        server.addEndpoint(builder.build());
        server.add(new CoapResource("echo") {
            @Override
            public void handleGET(CoapExchange exchange) {
                exchange.respond(ResponseCode.CONTENT, "{\"open\":true}", BenchConfig.JSON);
            }

            @Override
            public void handlePOST(CoapExchange exchange) {
                exchange.respond(ResponseCode.CHANGED, exchange.getRequestPayload(), BenchConfig.JSON);
            }
        });
        server.start();
        TargetSupport.ready(port, server::destroy);
    }
}
