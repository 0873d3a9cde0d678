package io.rmpcoap.routes;

import java.util.concurrent.TimeoutException;

import io.netty.channel.ConnectTimeoutException;
import io.rmpcoap.camel.RmpCoapConstants;
import org.apache.camel.builder.RouteBuilder;

/**
 * The CoAP-to-HTTP gateway of the platform guide: devices send Confirmable requests whose Proxy-Uri names a Composite
 * API with their AuthToken; the {@link AuthTokenProcessor} checks the target and turns the token into Basic
 * authentication, camel-vertx-http calls the API, and the consumer maps the HTTP answer back to CoAP (RFC 8075). The
 * route never blocks, so it runs on the CoAP server's protocol threads without a worker pool. Any failure
 * of the HTTP call answers 5.02 (backend unreachable, connection reset or closed mid-answer, TLS failure, answer above
 * maxPayloadSize), a timeout 5.04; the Authorization header is removed whatever happened, so that no error handler,
 * dead letter channel or later step sees it.
 * <p>
 * Driven by the {@code rmp.gateway.*} properties ({@link GatewayProperties}), exactly like its twin
 * {@code io/rmpcoap/routes/rmp-gateway.yaml}.
 */
public class GatewayRouteBuilder extends RouteBuilder {

    /** The route's id, also used by the YAML twin. */
    public static final String ROUTE_ID = "rmp-gateway";

    @Override
    public void configure() throws Exception {
        GatewayCredentialsCheck.check(getContext());
        from(GatewayProperties.CONSUMER_URI).routeId(ROUTE_ID)
                .process(new AuthTokenProcessor(
                        getContext().resolvePropertyPlaceholders(GatewayProperties.ALLOWED_TARGETS),
                        Boolean.parseBoolean(getContext().resolvePropertyPlaceholders(GatewayProperties.REQUIRE_IDENTITY_MATCH))))
                .doTry()
                    .to(GatewayProperties.HTTP_URI)
                // Vert.x fails connection-pool, connect and response timeouts with a TimeoutException; a TCP connect
                // longer than the web client's own connect timeout fails with Netty's
                .doCatch(TimeoutException.class, ConnectTimeoutException.class)
                    .setHeader(RmpCoapConstants.RESPONSE_CODE, constant("5.04"))
                    .setHeader(RmpCoapConstants.REFUSAL_REASON, constant("backend-timeout"))
                    .setBody(constant(null))
                .doCatch(Exception.class)
                    .setHeader(RmpCoapConstants.RESPONSE_CODE, constant("5.02"))
                    .setHeader(RmpCoapConstants.REFUSAL_REASON, constant("backend-unreachable"))
                    .setBody(constant(null))
                .doFinally()
                    .removeHeader("Authorization")
                .end();
    }
}
