package io.rmpcoap.bench.targets;

import java.net.InetSocketAddress;

import io.rmpcoap.bench.BenchConfig;
import io.rmpcoap.bench.TargetSupport;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.proxy2.config.Proxy2Config;
import org.eclipse.californium.proxy2.http.Coap2HttpTranslator;
import org.eclipse.californium.proxy2.resources.ForwardProxyMessageDeliverer;
import org.eclipse.californium.proxy2.resources.ProxyHttpClientResource;

/**
 * Eclipse californium-proxy2 as a CoAP-to-HTTP forward proxy (its cross-proxy example, without cache and statistics):
 * a CoapServer with a {@link ForwardProxyMessageDeliverer} and a {@link ProxyHttpClientResource}. Arguments: port,
 * echo base URL (unused: the Proxy-Uri names it), udp|dtls.
 */
public final class Proxy2Target {

    private Proxy2Target() {
    }

    public static void main(String[] args) throws Exception {
        Proxy2Config.register();
        int port = Integer.parseInt(args[0]);
        boolean dtls = "dtls".equals(args[2]);
        Configuration config = BenchConfig.standard();
        CoapEndpoint.Builder builder = BenchConfig.serverEndpoint(config, port, dtls);
        CoapServer server = new CoapServer(config);
        server.addEndpoint(builder.build());
        ProxyHttpClientResource http = new ProxyHttpClientResource("http", false, false, new Coap2HttpTranslator(),
                "http", "https");
        ForwardProxyMessageDeliverer deliverer = new ForwardProxyMessageDeliverer(server.getRoot(), http.getUriTranslater(),
                config);
        deliverer.addProxyCoapResources(http);
        deliverer.addExposedServiceAddresses(new InetSocketAddress("127.0.0.1", port));
        server.setMessageDeliverer(deliverer);
        server.start();
        TargetSupport.ready(port, server::destroy);
    }
}
