package io.rmpcoap.examples.gateway;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * A demo device, written with plain Californium/Scandium as a device vendor would: it opens a DTLS PSK session to the
 * gateway and sends Confirmable requests whose Proxy-Uri names a Composite API with its AuthToken.
 */
public final class DemoPskDevice implements AutoCloseable {

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    private final CoapEndpoint endpoint;
    private final InetSocketAddress gateway;

    public DemoPskDevice(InetSocketAddress gateway, String identity, String hexKey) throws Exception {
        this.gateway = gateway;
        Configuration configuration = Configuration.createStandardWithoutFile();
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(configuration)
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, hexKey.getBytes(StandardCharsets.US_ASCII)))
                .build();
        endpoint = CoapEndpoint.builder().setConfiguration(configuration).setConnector(new DTLSConnector(dtls)).build();
        endpoint.start();
    }

    /** Sends one CON request through the gateway and returns the answer as "2.01 {...}" (or "no answer"). */
    public String send(CoAP.Code method, String proxyUri, String json) throws InterruptedException {
        Request request = new Request(method, CoAP.Type.CON);
        request.getOptions().setProxyUri(proxyUri);
        if (json != null) {
            request.setPayload(json);
            request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        }
        request.setDestinationContext(new AddressEndpointContext(gateway));
        endpoint.sendRequest(request);
        Response response = request.waitForResponse(35_000);
        return response == null ? "no answer" : response.getCode().text + " " + response.getPayloadString();
    }

    @Override
    public void close() {
        endpoint.destroy();
    }
}
