package io.rmpcoap.camel.dtls;

import java.net.InetSocketAddress;

import org.eclipse.californium.elements.Definition;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.MapBasedEndpointContext;
import org.eclipse.californium.elements.MapBasedEndpointContext.Attributes;
import org.eclipse.californium.elements.MessageCallback;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.util.Bytes;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.ResumptionSupportingConnectionStore;

/**
 * Scandium's connector for a consumer, which answers a device that uses a Connection ID at the address its connection
 * has now. Californium addresses an answer to where the request came from; when the device's address changed while the
 * route worked (a NAT rebinding, a balancer that moved it, a cluster node that forwards its records), Scandium has
 * moved the connection to the new address, finds none at the old one and drops the answer: a piggybacked answer then
 * waits for the device's next retransmission, a separate response is lost.
 */
final class ServerDtlsConnector extends DTLSConnector {

    private final ResumptionSupportingConnectionStore connections;

    private ServerDtlsConnector(DtlsConnectorConfig configuration, ResumptionSupportingConnectionStore connections) {
        super(configuration, connections);
        this.connections = connections;
    }

    static ServerDtlsConnector create(DtlsConnectorConfig configuration) {
        return new ServerDtlsConnector(configuration, createConnectionStore(configuration));
    }

    @Override
    public void send(RawData message) {
        super.send(toCurrentAddress(message, connections));
    }

    /** The message itself, or, for a device with a Connection ID that has moved, a copy addressed to where it is now. */
    static RawData toCurrentAddress(RawData message, ResumptionSupportingConnectionStore connections) {
        EndpointContext context = message.getEndpointContext();
        Bytes cid = context.get(DtlsEndpointContext.KEY_READ_CONNECTION_ID);
        if (cid == null || cid.isEmpty()) {
            return message;
        }
        Connection connection = connections.get(new ConnectionId(cid.getBytes()));
        InetSocketAddress current = connection == null ? null : connection.getPeerAddress();
        if (current == null || current.equals(message.getInetSocketAddress())) {
            return message;
        }
        Attributes attributes = new Attributes();
        context.entries().forEach((key, value) -> copy(attributes, key, value));
        EndpointContext moved = new MapBasedEndpointContext(current, context.getVirtualHost(), context.getPeerIdentity(),
                attributes);
        return RawData.outbound(message.getBytes(), moved, new Callback(message), message.isMulticast());
    }

    @SuppressWarnings("unchecked")
    private static <T> void copy(Attributes attributes, Definition<T> key, Object value) {
        attributes.add(key, (T) value);
    }

    /** Reports the copy's progress to the original message, whose callback is Californium's exchange. */
    private record Callback(RawData original) implements MessageCallback {

        @Override
        public void onConnecting() {
            original.onConnecting();
        }

        @Override
        public void onDtlsRetransmission(int flight) {
            original.onDtlsRetransmission(flight);
        }

        @Override
        public void onContextEstablished(EndpointContext context) {
            original.onContextEstablished(context);
        }

        @Override
        public void onSent() {
            original.onSent();
        }

        @Override
        public void onError(Throwable error) {
            original.onError(error);
        }
    }
}
