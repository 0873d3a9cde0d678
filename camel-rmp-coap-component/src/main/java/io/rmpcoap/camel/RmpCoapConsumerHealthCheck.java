package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Reports a consumer DOWN while its UDP or DTLS socket is not bound, e.g. when the port was taken or the route is
 * stopped, so that an orchestrator does not route device traffic to a gateway that cannot receive it.
 */
final class RmpCoapConsumerHealthCheck extends AbstractHealthCheck {

    private final RmpCoapConsumer consumer;

    RmpCoapConsumerHealthCheck(RmpCoapConsumer consumer, String routeId) {
        super("camel", "consumer:rmpcoap-" + routeId);
        this.consumer = consumer;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        InetSocketAddress bound = consumer.isRunAllowed() ? consumer.getListeningAddress() : null;
        builder.detail("endpoint", consumer.getEndpoint().getAddress().toString());
        if (bound == null) {
            builder.message("The CoAP socket is not bound").down();
        } else {
            builder.detail("address", bound.getHostString() + ":" + bound.getPort()).up();
        }
    }
}
