package io.rmpcoap.camel;

import org.apache.camel.Exchange;
import org.apache.camel.support.DefaultProducer;

/**
 * A producer with {@code notify=true}: tells the observers of the observable resource that a consumer of the same
 * CamelContext serves on the same scheme, host, port and path that it changed. Each observer then gets the answer
 * of that consumer's route, run again for it, as camel-coap's notifier does; the exchange's body is not sent.
 */
public class RmpCoapNotifier extends DefaultProducer {

    public RmpCoapNotifier(RmpCoapEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public RmpCoapEndpoint getEndpoint() {
        return (RmpCoapEndpoint) super.getEndpoint();
    }

    @Override
    public void process(Exchange exchange) {
        RmpCoapAddress address = getEndpoint().getAddress();
        RmpCoapServer server = getEndpoint().getComponent().servers().find(address);
        ObservedResource resource = server != null ? server.observed(address.path()) : null;
        if (resource == null) {
            throw new IllegalStateException("No running rmpcoap consumer with observable=true serves " + address
                                            + " in this CamelContext; notify has no observers to tell");
        }
        resource.changed();
    }
}
