package io.rmpcoap.routes;

import org.apache.camel.CamelContext;

/** The gateway contract against the Java {@link GatewayRouteBuilder}. */
class JavaGatewayRouteTest extends GatewayContract {

    @Override
    void addGatewayRoute(CamelContext context) throws Exception {
        context.addRoutes(new GatewayRouteBuilder());
    }
}
