package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The component's CoAP servers, one per socket (transport, resolved host and port), shared by the consumers that
 * listen there and closed when the last of them stops. A host name is resolved first, so {@code localhost} and
 * {@code 127.0.0.1} share one server. coap and coaps cannot share a UDP socket (nor coap+tcp and coaps+tcp a TCP one),
 * nor can a wildcard address (0.0.0.0, ::) and a specific one on the same port and transport: both are refused with a
 * message naming the two consumers. A UDP and a TCP server on the same port number are different sockets.
 */
final class CoapServers {

    private final RmpCoapComponent component;
    private final Map<Socket, RmpCoapServer> servers = new HashMap<>();

    /** A listening socket: TCP or UDP, and the resolved address. */
    private record Socket(boolean tcp, InetSocketAddress address) {
    }

    CoapServers(RmpCoapComponent component) {
        this.component = component;
    }

    /**
     * Registers the consumer with the server on its host and port, starting one if needed. Port 0 always starts a
     * server of its own on an ephemeral port.
     */
    synchronized RmpCoapServer register(RmpCoapConsumer consumer) throws Exception {
        RmpCoapEndpoint endpoint = consumer.getEndpoint();
        RmpCoapAddress address = endpoint.getAddress();
        InetSocketAddress bind = new InetSocketAddress(address.host(), address.port());
        if (bind.isUnresolved()) {
            throw new IllegalArgumentException("Cannot resolve the host of rmpcoap:" + address);
        }
        RmpCoapServer server = address.port() == 0 ? null : servers.get(new Socket(address.tcp(), bind));
        if (server == null) {
            if (address.port() != 0) {
                refuseOverlap(address, bind);
            }
            server = RmpCoapServer.create(component, endpoint, bind);
            try {
                server.add(consumer);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            server.listen();
            // keyed by the address asked for (a socket may report a wildcard as :: or 0.0.0.0) and the bound port
            servers.put(new Socket(address.tcp(), new InetSocketAddress(bind.getAddress(), server.localAddress().getPort())),
                    server);
            return server;
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
        RmpCoapServer server = servers.get(new Socket(address.tcp(), new InetSocketAddress(address.host(), address.port())));
        return server != null && server.firstAddress().scheme().equals(address.scheme()) ? server : null;
    }

    /**
     * A wildcard socket and a specific one on the same port would either fail to bind or split the port's traffic
     * between them by the kernel's rules; sharing the wildcard server instead would make the specific consumer
     * reachable on every interface. Neither is what the routes say, so it is refused.
     */
    private void refuseOverlap(RmpCoapAddress address, InetSocketAddress bind) {
        for (Map.Entry<Socket, RmpCoapServer> e : servers.entrySet()) {
            InetSocketAddress other = e.getKey().address();
            if (e.getKey().tcp() == address.tcp() && other.getPort() == bind.getPort()
                && (other.getAddress().isAnyLocalAddress() || bind.getAddress().isAnyLocalAddress())) {
                throw new IllegalArgumentException("rmpcoap:" + address + " cannot listen on "
                                                   + RmpCoapServer.transport(address) + " port " + bind.getPort()
                                                   + ": rmpcoap:" + e.getValue().firstAddress() + " already listens "
                                                   + "there, and a wildcard address (0.0.0.0, ::) cannot share a port "
                                                   + "with another address; use the same host in both, or different ports");
            }
        }
    }

    synchronized void unregister(RmpCoapConsumer consumer, RmpCoapServer server) {
        if (server.servesOnly(consumer)) {
            // the last consumer: stop listening first, so that no request is answered as if nothing served it
            servers.values().remove(server);
            server.close();
        }
        server.remove(consumer);
    }

    /** The servers now running, for the dev console. */
    synchronized List<RmpCoapServer> list() {
        return List.copyOf(servers.values());
    }

    synchronized void closeAll() {
        servers.values().forEach(RmpCoapServer::close);
        servers.clear();
    }
}
