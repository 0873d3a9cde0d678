package io.rmpcoap.routes;

import org.apache.camel.Producer;
import org.apache.camel.component.vertx.http.VertxHttpEndpoint;

/**
 * The gateway's vertx-http endpoint (the one whose binding is a {@link GatewayHttpBinding}) with the
 * {@link GatewayHttpProducer}: same URI, component, configuration and lifecycle, so every vertx-http option, the
 * component's configuration and tracing apply as to any vertx-http endpoint.
 */
final class GatewayHttpEndpoint extends VertxHttpEndpoint {

    GatewayHttpEndpoint(VertxHttpEndpoint configured) {
        super(configured.getEndpointUri(), configured.getComponent(), configured.getConfiguration());
        setLazyStartProducer(configured.isLazyStartProducer());
    }

    @Override
    public Producer createProducer() throws Exception {
        return new GatewayHttpProducer(this);
    }
}
