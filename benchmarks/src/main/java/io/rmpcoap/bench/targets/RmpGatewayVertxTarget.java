package io.rmpcoap.bench.targets;

import io.rmpcoap.bench.TargetSupport;
import io.rmpcoap.routes.AuthTokenProcessor;
import io.rmpcoap.routes.GatewayProperties;
import io.vertx.ext.web.client.WebClientOptions;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * An experiment, run only with {@code --only gateway-vertx}: the gateway's consumer and {@link AuthTokenProcessor} with
 * an asynchronous camel-vertx-http leg instead of the blocking camel-http one, so no worker waits for the backend.
 * Arguments: port, echo base URL, udp|dtls.
 */
public final class RmpGatewayVertxTarget {

    private RmpGatewayVertxTarget() {
    }

    public static void main(String[] args) throws Exception {
        String echoBase = args[1];
        DefaultCamelContext context = RmpGatewayTarget.gatewayContext(args);
        context.getRegistry().bind("webClientOptions",
                new WebClientOptions().setFollowRedirects(false).setMaxPoolSize(64).setKeepAlive(true));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(GatewayProperties.CONSUMER_URI)
                        .process(new AuthTokenProcessor(echoBase, true))
                        // vertx-http takes the method as text
                        .setHeader("CamelHttpMethod", header("CamelRmpCoapRequestMethod"))
                        .to("vertx-http:http://rmp-gateway-target?throwExceptionOnFailure=false&timeout=20000"
                            + "&connectTimeout=5000&webClientOptions=#webClientOptions")
                        .removeHeader("Authorization");
            }
        });
        context.start();
        TargetSupport.ready(Integer.parseInt(args[0]), context::stop);
    }
}
