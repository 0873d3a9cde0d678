package io.rmpcoap.camel;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.rmpcoap.camel.dtls.DtlsConnectors;
import io.rmpcoap.camel.dtls.DtlsSettings;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;

/**
 * The component's Californium client endpoints, one per transport (UDP or TCP), payload limit and credentials,
 * reference counted so that every producer with the same settings shares one local port and, over DTLS, one session
 * per device (over TCP and TLS, one connection per device).
 */
final class CoapClientEndpoints {

    private final RmpCoapComponent component;
    private final Map<String, Shared> endpoints = new HashMap<>();

    private static final class Shared {
        final CoapEndpoint endpoint;
        /** Told of every TCP connection of the endpoint that ends, with the peer's address. */
        final List<Consumer<InetSocketAddress>> closeListeners;
        int users;

        Shared(CoapEndpoint endpoint, List<Consumer<InetSocketAddress>> closeListeners) {
            this.endpoint = endpoint;
            this.closeListeners = closeListeners;
        }
    }

    CoapClientEndpoints(RmpCoapComponent component) {
        this.component = component;
    }

    /** A UDP or DTLS endpoint, as {@link #acquire(boolean, DtlsSettings, int, String, Consumer)} without TCP. */
    CoapEndpoint acquire(DtlsSettings dtls, int maxPayloadSize, String localAddress)
            throws IOException, GeneralSecurityException {
        return acquire(false, dtls, maxPayloadSize, localAddress, null);
    }

    /**
     * @param tcp          coap+tcp or coaps+tcp (with {@code dtls} holding the TLS certificates)
     * @param localAddress may be null: all interfaces; the address a UDP socket binds to, on an ephemeral port (a TCP
     *                     client leaves it to the routing table)
     * @param closed       over TCP, told of every connection of the endpoint that ends (may be null); remove it with
     *                     {@link #release(CoapEndpoint, Consumer)}
     */
    synchronized CoapEndpoint acquire(boolean tcp, DtlsSettings dtls, int maxPayloadSize, String localAddress,
                                      Consumer<InetSocketAddress> closed) throws IOException, GeneralSecurityException {
        String key = (tcp ? "tcp|" : "udp|") + (dtls == null ? "plain" : dtls.sharingKey()) + "|" + maxPayloadSize + "|"
                     + localAddress;
        Shared shared = endpoints.get(key);
        if (shared == null) {
            InetSocketAddress bind = localAddress == null ? new InetSocketAddress(0) : new InetSocketAddress(localAddress, 0);
            List<Consumer<InetSocketAddress>> listeners = new CopyOnWriteArrayList<>();
            shared = new Shared(create(tcp, dtls, maxPayloadSize, bind, listeners), listeners);
            endpoints.put(key, shared);
        }
        if (closed != null) {
            shared.closeListeners.add(closed);
        }
        shared.users++;
        return shared.endpoint;
    }

    synchronized void release(CoapEndpoint endpoint) {
        release(endpoint, null);
    }

    synchronized void release(CoapEndpoint endpoint, Consumer<InetSocketAddress> closed) {
        endpoints.entrySet().removeIf(e -> {
            Shared shared = e.getValue();
            if (shared.endpoint == endpoint && closed != null) {
                shared.closeListeners.remove(closed);
            }
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

    private CoapEndpoint create(boolean tcp, DtlsSettings dtls, int maxPayloadSize, InetSocketAddress bind,
                                List<Consumer<InetSocketAddress>> closeListeners)
            throws IOException, GeneralSecurityException {
        Configuration configuration = new Configuration(component.coapConfiguration());
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, maxPayloadSize);
        CoapEndpoint.Builder builder = CoapEndpoint.builder().setConfiguration(configuration).setLoggingTag("rmpcoap-client");
        if (tcp) {
            // a body up to the payload limit travels in one message, never block-wise
            configuration.set(CoapConfig.MAX_MESSAGE_SIZE, maxPayloadSize);
            builder.setConnector(TcpConnectors.client(dtls == null ? null : DtlsConnectors.tlsContext(dtls, false),
                    configuration, maxPayloadSize, peer -> closeListeners.forEach(listener -> listener.accept(peer))));
        } else if (dtls == null) {
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
