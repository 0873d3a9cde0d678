package io.rmpcoap.camel;

import java.util.Map;

import org.apache.camel.health.HealthCheckResultBuilder;
import org.apache.camel.impl.health.AbstractHealthCheck;

/**
 * Reports an observing consumer ({@code observe=true}) DOWN while its relation with the device is not established,
 * with the reason (e.g. no notification within the timeout, an error answer) while it registers again.
 */
final class RmpCoapObserveHealthCheck extends AbstractHealthCheck {

    private final RmpCoapObserveConsumer consumer;

    RmpCoapObserveHealthCheck(RmpCoapObserveConsumer consumer, String routeId) {
        super("camel", "consumer:rmpcoap-" + routeId);
        this.consumer = consumer;
    }

    @Override
    protected void doCall(HealthCheckResultBuilder builder, Map<String, Object> options) {
        builder.detail("endpoint", consumer.getEndpoint().getAddress().toString());
        String problem = consumer.isRunAllowed() ? consumer.getProblem() : "stopped";
        if (problem != null) {
            builder.message("The observe relation is not established: " + problem).down();
        } else {
            builder.up();
        }
    }
}
