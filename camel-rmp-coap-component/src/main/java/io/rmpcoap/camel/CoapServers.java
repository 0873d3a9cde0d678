package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;

/**
 * The component's CoAP servers, one per scheme, host and port, shared by the consumers that listen there and closed
 * when the last of them stops.
 */
final class CoapServers {

    private final RmpCoapComponent component;
    private final Map<String, RmpCoapServer> servers = new HashMap<>();

    CoapServers(RmpCoapComponent component) {
        this.component = component;
    }

    /**
     * Registers the consumer with the server on its host and port, starting one if needed. Port 0 always starts a
     * server of its own on an ephemeral port.
     */
    synchronized RmpCoapServer register(RmpCoapConsumer consumer) throws Exception {
        RmpCoapEndpoint endpoint = consumer.getEndpoint();
        RmpCoapServer server = endpoint.getAddress().port() == 0 ? null : servers.get(key(endpoint.getAddress()));
        if (server == null) {
            server = RmpCoapServer.start(component, endpoint);
            servers.put(key(endpoint.getAddress().scheme(), server.localAddress()), server);
        } else {
            server.checkCompatible(endpoint);
        }
        try {
            server.add(consumer);
        } catch (RuntimeException e) {
            if (server.isEmpty()) {
                servers.values().remove(server);
                server.close();
            }
            throw e;
        }
        return server;
    }

    /** The server listening on the address (scheme, host and port), or null. */
    synchronized RmpCoapServer find(RmpCoapAddress address) {
        return servers.get(key(address));
    }

    private static String key(RmpCoapAddress address) {
        return address.scheme() + "://" + new InetSocketAddress(address.host(), address.port());
    }

    private static String key(String scheme, InetSocketAddress bound) {
        return scheme + "://" + bound;
    }

    synchronized void unregister(RmpCoapConsumer consumer, RmpCoapServer server) {
        server.remove(consumer);
        if (server.isEmpty()) {
            servers.values().remove(server);
            server.close();
        }
    }

    synchronized void closeAll() {
        servers.values().forEach(RmpCoapServer::close);
        servers.clear();
    }
}
