package io.rmpcoap.camel.telemetry;

import java.net.URI;
import java.net.URISyntaxException;

import io.rmpcoap.camel.RmpCoapConstants;
import io.rmpcoap.camel.RmpCoapEndpoint;
import io.rmpcoap.camel.mapping.CoapHttpCodes;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.telemetry.Span;
import org.apache.camel.telemetry.decorators.AbstractSpanDecorator;
import org.eclipse.californium.core.coap.CoAP;

/**
 * Spans of rmpcoap endpoints for Camel's telemetry SPI (camel-opentelemetry2, camel-telemetry-dev), found through
 * {@code META-INF/services/org.apache.camel.telemetry.SpanDecorator}. Named {@code CoAP <method>}, they carry the
 * method, the response code, the service URL, the peer and the device's PSK identity, and of a Proxy-Uri only its
 * host and path. Camel's generic decorator would record the endpoint's query (with pskKey or pskPassword) and the
 * Proxy-Uri's query holds the device's AuthToken, so neither is ever recorded.
 */
public class RmpCoapSpanDecorator extends AbstractSpanDecorator {

    /**
     * Exchange property that keeps the request's method for the span's end: a route may drop the method header (the
     * gateway's HTTP leg answers with the API's headers only), and the response code depends on it.
     */
    static final String METHOD_PROPERTY = "CamelRmpCoapSpanMethod";

    @Override
    public String getComponent() {
        return "rmpcoap";
    }

    @Override
    public String getComponentClassName() {
        return "io.rmpcoap.camel.RmpCoapComponent";
    }

    @Override
    public String getOperationName(Exchange exchange, Endpoint endpoint) {
        String method = method(exchange, endpoint);
        return method == null ? "CoAP" : "CoAP " + method;
    }

    @Override
    public void beforeTracingEvent(Span span, Exchange exchange, Endpoint endpoint) {
        // not super's: it records the endpoint URI's query, which holds credentials
        span.setComponent("camel-rmpcoap");
        span.setTag("url.scheme", "rmpcoap");
        span.setTag("exchangeId", exchange.getExchangeId());
        span.setTag("camel.uri", endpoint.getEndpointBaseUri());
        if (endpoint instanceof RmpCoapEndpoint rmp && rmp.getServiceUrl() != null) {
            span.setTag("server.address", rmp.getServiceUrl());
            span.setTag("network.protocol.name", rmp.getServiceProtocol());
        }
        String method = method(exchange, endpoint);
        if (method != null) {
            span.setTag("coap.method", method);
            exchange.setProperty(METHOD_PROPERTY, method);
        }
        String peer = exchange.getMessage().getHeader(RmpCoapConstants.REMOTE_ADDRESS, String.class);
        int colon = peer == null ? -1 : peer.lastIndexOf(':');
        if (colon > 0) {
            span.setTag("network.peer.address", peer.substring(0, colon));
            span.setTag("network.peer.port", peer.substring(colon + 1));
        }
        String identity = exchange.getMessage().getHeader(RmpCoapConstants.PSK_IDENTITY, String.class);
        if (identity != null) {
            span.setTag("coap.psk_identity", identity);
        }
        proxyTarget(span, exchange.getMessage().getHeader(
                isConsumer(exchange, endpoint) ? RmpCoapConstants.REQUEST_PROXY_URI : RmpCoapConstants.PROXY_URI, String.class));
    }

    /** Host and path only: the query is where a device's AuthToken travels, and user info is never recorded. */
    private static void proxyTarget(Span span, String proxyUri) {
        if (proxyUri == null) {
            return;
        }
        try {
            URI target = new URI(proxyUri);
            if (target.getHost() != null) {
                span.setTag("coap.proxy_uri.host", target.getHost());
            }
            if (target.getRawPath() != null) {
                span.setTag("coap.proxy_uri.path", target.getRawPath());
            }
        } catch (URISyntaxException e) {
            span.setTag("coap.proxy_uri.host", "invalid");
        }
    }

    @Override
    public void afterTracingEvent(Span span, Exchange exchange) {
        super.afterTracingEvent(span, exchange);
        if (exchange.isFailed()) {
            return;
        }
        Object code = exchange.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE);
        Integer httpStatus = exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        String method = exchange.getProperty(METHOD_PROPERTY, String.class);
        try {
            if (code != null || method != null) {
                span.setTag("coap.response_code", CoapHttpCodes.text(
                        CoapHttpCodes.answer(code, httpStatus, method == null ? CoAP.Code.POST : CoAP.Code.valueOf(method))));
            }
        } catch (IllegalArgumentException e) {
            span.setTag("coap.response_code", "invalid");
        }
    }

    /** The device's method on a consumer's span; on a producer's, the method it sends. */
    private static String method(Exchange exchange, Endpoint endpoint) {
        if (isConsumer(exchange, endpoint)) {
            return exchange.getMessage().getHeader(RmpCoapConstants.REQUEST_METHOD, String.class);
        }
        String header = exchange.getMessage().getHeader(RmpCoapConstants.METHOD, String.class);
        if (header != null) {
            return header;
        }
        if (endpoint instanceof RmpCoapEndpoint rmp && rmp.getConfiguration().getMethod() != null) {
            return rmp.getConfiguration().getMethod();
        }
        return null;
    }

    /** Request data (CamelRmpCoapRequest* headers) describes the exchange only on the span of the consumer that set it. */
    private static boolean isConsumer(Exchange exchange, Endpoint endpoint) {
        return exchange.getFromEndpoint() == endpoint;
    }
}
