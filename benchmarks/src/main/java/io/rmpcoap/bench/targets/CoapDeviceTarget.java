package io.rmpcoap.bench.targets;

import java.net.InetSocketAddress;

import io.rmpcoap.bench.BenchConfig;
import io.rmpcoap.bench.TargetSupport;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

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
        InetSocketAddress bind = new InetSocketAddress("127.0.0.1", port);
        CoapEndpoint.Builder builder = CoapEndpoint.builder().setConfiguration(config);
        if (dtls) {
            builder.setConnector(new DTLSConnector(DtlsConnectorConfig.builder(config)
                    .setAddress(bind)
                    .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                    .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)
                    .setAdvancedPskStore(new AdvancedSinglePskStore(BenchConfig.USER, BenchConfig.pskKey()))
                    .build()));
        } else {
            builder.setConnector(new UDPConnector(bind, config));
        }
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
