package io.rmpcoap.bench.targets;

import java.util.Arrays;
import java.util.concurrent.TimeoutException;

import io.rmpcoap.bench.TargetSupport;
import io.rmpcoap.camel.RmpCoapConstants;
import io.rmpcoap.routes.AuthTokenProcessor;
import io.rmpcoap.routes.GatewayProperties;
import io.vertx.core.http.HttpMethod;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * An experiment, run only with {@code --only gateway-async}: the gateway route with no worker hop at all: its consumer
 * has no worker pool (workerPoolSize=0, the route starts on Californium's protocol thread) and the HTTP leg is
 * asynchronous (camel-vertx-http with the gateway's {@code GatewayHttpBinding} and {@code GatewayWebClientOptions}),
 * with the shipped route's error mapping. Arguments: port, echo base URL, udp|dtls.
 */
public final class RmpGatewayAsyncTarget {

    private RmpGatewayAsyncTarget() {
    }

    public static void main(String[] args) throws Exception {
        String[] withoutWorkers = Arrays.copyOf(args, args.length + 1);
        withoutWorkers[args.length] = "rmp.gateway.workerPoolSize=0";
        DefaultCamelContext context = RmpGatewayTarget.gatewayContext(withoutWorkers);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(GatewayProperties.CONSUMER_URI)
                        .process(new AuthTokenProcessor(args[1], true))
                        // vertx-http's own type for the method the processor chose
                        .process(e -> e.getMessage().setHeader(Exchange.HTTP_METHOD,
                                HttpMethod.valueOf(e.getMessage().getHeader(Exchange.HTTP_METHOD, String.class))))
                        .doTry()
                            .to("vertx-http:http://rmp-gateway-target?throwExceptionOnFailure=false&connectTimeout=5000&timeout=20000"
                                + "&webClientOptions=#class:io.rmpcoap.routes.GatewayWebClientOptions(64)"
                                + "&vertxHttpBinding=#class:io.rmpcoap.routes.GatewayHttpBinding(262144)")
                            .setProperty(RmpCoapConstants.METRICS_TARGET, exchangeProperty(AuthTokenProcessor.TARGET))
                        .doCatch(TimeoutException.class, io.netty.channel.ConnectTimeoutException.class)
                            .setHeader(RmpCoapConstants.RESPONSE_CODE, constant("5.04"))
                            .setBody(constant(null))
                        .doCatch(Exception.class)
                            .setHeader(RmpCoapConstants.RESPONSE_CODE, constant("5.02"))
                            .setBody(constant(null))
                        .doFinally()
                            .removeHeader("Authorization")
                        .end();
            }
        });
        context.start();
        TargetSupport.ready(Integer.parseInt(args[0]), context::stop);
    }
}
