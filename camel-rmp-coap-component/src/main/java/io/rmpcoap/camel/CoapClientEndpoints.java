package io.rmpcoap.camel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

import io.rmpcoap.camel.dtls.DtlsConnectors;
import io.rmpcoap.camel.dtls.DtlsSettings;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;

/**
 * The component's Californium client endpoints, one per scheme, payload limit and credentials, reference counted
 * so that every producer with the same settings shares one local port and, over DTLS, one session per device.
 */
final class CoapClientEndpoints {

    private final RmpCoapComponent component;
    private final Map<String, Shared> endpoints = new HashMap<>();

    private static final class Shared {
        final CoapEndpoint endpoint;
        int users;

        Shared(CoapEndpoint endpoint) {
            this.endpoint = endpoint;
        }
    }

    CoapClientEndpoints(RmpCoapComponent component) {
        this.component = component;
    }

    /** {@code localAddress} (may be null: all interfaces) is the address the socket binds to, on an ephemeral port. */
    synchronized CoapEndpoint acquire(DtlsSettings dtls, int maxPayloadSize, String localAddress) throws IOException {
        String key = (dtls == null ? "coap" : "coaps|" + dtls.sharingKey()) + "|" + maxPayloadSize + "|" + localAddress;
        Shared shared = endpoints.get(key);
        if (shared == null) {
            InetSocketAddress bind = localAddress == null ? new InetSocketAddress(0) : new InetSocketAddress(localAddress, 0);
            shared = new Shared(create(dtls, maxPayloadSize, bind));
            endpoints.put(key, shared);
        }
        shared.users++;
        return shared.endpoint;
    }

    synchronized void release(CoapEndpoint endpoint) {
        endpoints.entrySet().removeIf(e -> {
            Shared shared = e.getValue();
            if (shared.endpoint == endpoint && --shared.users == 0) {
                endpoint.destroy();
                return true;
            }
            return false;
        });
    }

    /** Each shared endpoint's local address and its established DTLS sessions (null over plain UDP). */
    synchronized Map<String, Integer> sessionsByAddress() {
        Map<String, Integer> sessions = new java.util.LinkedHashMap<>();
        endpoints.values().forEach(shared -> sessions.put(shared.endpoint.getUri().toString(),
                DtlsConnectors.establishedSessions(shared.endpoint.getConnector())));
        return sessions;
    }

    synchronized void closeAll() {
        endpoints.values().forEach(shared -> shared.endpoint.destroy());
        endpoints.clear();
    }

    private CoapEndpoint create(DtlsSettings dtls, int maxPayloadSize, InetSocketAddress bind) throws IOException {
        Configuration configuration = new Configuration(component.coapConfiguration());
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, maxPayloadSize);
        CoapEndpoint.Builder builder = CoapEndpoint.builder().setConfiguration(configuration).setLoggingTag("rmpcoap-client");
        if (dtls == null) {
            builder.setConnector(new UDPConnector(bind, configuration));
        } else {
            builder.setConnector(DtlsConnectors.client(dtls, configuration, bind, component.metrics().dtlsHealth("client")));
        }
        CoapEndpoint endpoint = builder.build();
        endpoint.setExecutors(component.protocolExecutor(), component.timerExecutor());
        endpoint.start();
        return endpoint;
    }
}
