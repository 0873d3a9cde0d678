package io.rmpcoap.bench;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.elements.util.NamedThreadFactory;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * The inbound load generator: many Californium client endpoints (each its own source port and, over DTLS, its own
 * session), Confirmable POST (small JSON) or GET requests through the target; slot i uses endpoint i mod n.
 */
public final class CoapLoadDriver extends AsyncDriver implements AutoCloseable {

    /** How a request names its HTTP target. */
    public enum Addressing {
        /** Proxy-Uri http://127.0.0.1:ECHO/echo?key=TOKEN (a forward proxy). */
        PROXY_URI,
        /** Uri-Path echo, Uri-Query key=TOKEN (a route bound to a fixed backend). */
        URI_PATH
    }

    private final List<CoapEndpoint> endpoints = new ArrayList<>();
    private final AddressEndpointContext target;
    private final Addressing addressing;
    private final String proxyUri;
    private final ScheduledExecutorService protocol;
    private final ScheduledExecutorService secondary;
    private volatile CoAP.Code method = CoAP.Code.POST;

    public CoapLoadDriver(InetSocketAddress target, boolean dtls, int endpointCount, Addressing addressing, String echoBase)
            throws Exception {
        this.target = new AddressEndpointContext(target);
        this.addressing = addressing;
        this.proxyUri = echoBase + "echo?key=" + BenchConfig.TOKEN;
        this.protocol = ExecutorsUtil.newScheduledThreadPool(2, new NamedThreadFactory("load#"));
        this.secondary = ExecutorsUtil.newDefaultSecondaryScheduler("load-timer#");
        Configuration config = BenchConfig.lightClient();
        for (int i = 0; i < endpointCount; i++) {
            CoapEndpoint.Builder builder = CoapEndpoint.builder().setConfiguration(config).setLoggingTag("load-" + i);
            if (dtls) {
                builder.setConnector(dtlsClient(config, new InetSocketAddress("127.0.0.1", 0)));
            } else {
                builder.setConnector(new UDPConnector(new InetSocketAddress("127.0.0.1", 0), config));
            }
            CoapEndpoint endpoint = builder.build();
            endpoint.setExecutors(protocol, secondary);
            endpoint.start();
            endpoints.add(endpoint);
        }
    }

    /** A PSK client connector with the device's credentials. */
    public static DTLSConnector dtlsClient(Configuration config, InetSocketAddress bind) {
        return new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(bind)
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)
                .setAdvancedPskStore(new AdvancedSinglePskStore(BenchConfig.USER, BenchConfig.pskKey()))
                .build());
    }

    public void setMethod(CoAP.Code method) {
        this.method = method;
    }

    @Override
    protected void send(int slot, Completion completion) {
        CoAP.Code code = method;
        Request request = new Request(code, CoAP.Type.CON);
        request.setDestinationContext(target);
        if (addressing == Addressing.PROXY_URI) {
            request.getOptions().setProxyUri(proxyUri);
        } else {
            request.getOptions().setUriPath("echo");
            request.getOptions().setUriQuery("key=" + BenchConfig.TOKEN);
        }
        if (code == CoAP.Code.POST) {
            request.setPayload(BenchConfig.BODY);
            request.getOptions().setContentFormat(BenchConfig.JSON);
        }
        request.addMessageObserver(completion.observer());
        completion.onTimeout(request::cancel);
        endpoints.get(slot % endpoints.size()).sendRequest(request);
    }

    @Override
    public void close() {
        super.close();
        endpoints.forEach(CoapEndpoint::destroy);
        ExecutorsUtil.shutdownExecutorGracefully(200, protocol, secondary);
    }
}
