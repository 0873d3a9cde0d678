package io.rmpcoap.routes;

import org.apache.camel.CamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;

/** The gateway contract against the bundled YAML DSL route, loaded from the routes artifact's classpath. */
class YamlGatewayRouteTest extends GatewayContract {

    @Override
    void addGatewayRoute(CamelContext context) throws Exception {
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "classpath:io/rmpcoap/routes/rmp-gateway.yaml"));
    }
}
