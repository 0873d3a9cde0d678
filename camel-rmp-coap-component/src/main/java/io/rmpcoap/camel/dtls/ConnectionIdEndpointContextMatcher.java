package io.rmpcoap.camel.dtls;

import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.EndpointContextMatcher;
import org.eclipse.californium.elements.util.Bytes;

/**
 * Identifies a device that uses a DTLS Connection ID by its connection rather than by its address. Californium keys
 * the deduplication of requests (and the matching of acknowledgements) by the peer's identity, which its matchers take
 * from the address; a Confirmable request that the device retransmits after its address changed (a NAT rebinding, a
 * balancer that moved it, a cluster node that forwards its record) would then be taken for a new request and run
 * again. The server's read Connection ID is unique on this server (and, holding the node id, in its cluster), and
 * stays with the session across address changes and restarts from a session store. Without a Connection ID the
 * address still identifies the device. Everything else is the delegate's.
 */
public final class ConnectionIdEndpointContextMatcher implements EndpointContextMatcher {

    private final EndpointContextMatcher delegate;

    public ConnectionIdEndpointContextMatcher(EndpointContextMatcher delegate) {
        this.delegate = delegate;
    }

    @Override
    public String getName() {
        return delegate.getName() + " by connection id";
    }

    @Override
    public Object getEndpointIdentity(EndpointContext context) {
        Bytes connectionId = context.get(DtlsEndpointContext.KEY_READ_CONNECTION_ID);
        return connectionId != null && !connectionId.isEmpty() ? connectionId : delegate.getEndpointIdentity(context);
    }

    @Override
    public boolean isResponseRelatedToRequest(EndpointContext requestContext, EndpointContext responseContext) {
        return delegate.isResponseRelatedToRequest(requestContext, responseContext);
    }

    @Override
    public boolean isToBeSent(EndpointContext messageContext, EndpointContext connectionContext) {
        return delegate.isToBeSent(messageContext, connectionContext);
    }

    @Override
    public String toRelevantState(EndpointContext context) {
        return delegate.toRelevantState(context);
    }
}
