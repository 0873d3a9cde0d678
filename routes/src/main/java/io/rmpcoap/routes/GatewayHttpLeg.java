package io.rmpcoap.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.CamelContextAware;
import org.apache.camel.Endpoint;
import org.apache.camel.component.vertx.http.VertxHttpEndpoint;
import org.apache.camel.spi.EndpointStrategy;

/**
 * Lets the gateway's route continue on the Vert.x event loop after the HTTP call when it runs without a worker pool
 * (and so never blocks): swaps the gateway's vertx-http endpoints (those whose {@link GatewayHttpBinding} says so), as
 * the context registers them, for {@link GatewayHttpEndpoint}s. With a worker pool, and for every other vertx-http
 * endpoint, camel-vertx-http's producer stays, which hands each answer to a Vert.x worker thread where a step may
 * block. The Java route installs it itself, the YAML twin declares it as a bean.
 */
public final class GatewayHttpLeg implements EndpointStrategy, CamelContextAware {

    private CamelContext context;

    static void install(CamelContext context) {
        new GatewayHttpLeg().setCamelContext(context);
    }

    @Override
    public Endpoint registerEndpoint(String uri, Endpoint endpoint) {
        return endpoint instanceof VertxHttpEndpoint http && !(endpoint instanceof GatewayHttpEndpoint)
               && http.getConfiguration().getVertxHttpBinding() instanceof GatewayHttpBinding binding
               && binding.routeNeverBlocks()
                ? new GatewayHttpEndpoint(http) : endpoint;
    }

    @Override
    public void setCamelContext(CamelContext context) {
        this.context = context;
        context.getCamelContextExtension().registerEndpointCallback(this);
    }

    @Override
    public CamelContext getCamelContext() {
        return context;
    }
}
