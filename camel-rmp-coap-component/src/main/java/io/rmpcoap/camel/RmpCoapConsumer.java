package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.rmpcoap.camel.mapping.CoapHttpCodes;
import io.rmpcoap.camel.mapping.ContentFormats;
import io.rmpcoap.camel.metrics.RmpCoapMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.support.DefaultConsumer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.X509CertPath;

/**
 * Turns each CoAP request that its server delivers into a Camel exchange and answers the device when the exchange
 * completes. A Confirmable request that takes longer than {@code separateResponseDelay} is acknowledged at once and
 * answered later with a separate response.
 */
public class RmpCoapConsumer extends DefaultConsumer {

    private final RmpCoapConfiguration configuration;
    private volatile RmpCoapServer server;

    public RmpCoapConsumer(RmpCoapEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.configuration = endpoint.getConfiguration();
    }

    @Override
    public RmpCoapEndpoint getEndpoint() {
        return (RmpCoapEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        // health checks are optional: registered only where the context has a health check registry
        if (getHealthCheck() == null
            && HealthCheckHelper.getHealthCheckRepository(getEndpoint().getCamelContext(), "consumers") != null) {
            RmpCoapConsumerHealthCheck check = new RmpCoapConsumerHealthCheck(this, getRouteId());
            check.setEnabled(getEndpoint().getComponent().isHealthCheckConsumerEnabled());
            setHealthCheck(check);
        }
        server = getEndpoint().getComponent().servers().register(this);
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            getEndpoint().getComponent().servers().unregister(this, server);
            server = null;
        }
        super.doStop();
    }

    /** The address the server is bound to, e.g. to learn an ephemeral port. */
    public InetSocketAddress getLocalAddress() {
        RmpCoapServer s = server;
        return s != null ? s.localAddress() : null;
    }

    /** The address the server listens on, or null while the socket is not bound. */
    InetSocketAddress getListeningAddress() {
        RmpCoapServer s = server;
        return s != null && s.isListening() ? s.localAddress() : null;
    }

    /** Runs on a worker thread of the server; {@code release} frees the exchange's in-flight slot once answered. */
    void process(org.eclipse.californium.core.network.Exchange coapExchange, Runnable release) {
        long started = System.nanoTime();
        Request request = coapExchange.getRequest();
        Exchange exchange = createExchange(false);
        ScheduledFuture<?> accept = null;
        try {
            toCamel(request, exchange.getMessage());
            accept = scheduleAccept(coapExchange);
        } catch (RuntimeException e) {
            exchange.setException(e);
        }
        ScheduledFuture<?> acceptTimer = accept;
        if (exchange.getException() != null) {
            answer(coapExchange, exchange, null, started, release);
            return;
        }
        getAsyncProcessor().process(exchange, doneSync -> answer(coapExchange, exchange, acceptTimer, started, release));
    }

    private ScheduledFuture<?> scheduleAccept(org.eclipse.californium.core.network.Exchange coapExchange) {
        if (coapExchange.getRequest().getType() != CoAP.Type.CON) {
            return null;
        }
        long delay = configuration.getSeparateResponseDelay();
        if (delay == 0) {
            coapExchange.sendAccept();
            return null;
        }
        return getEndpoint().getComponent().timerExecutor()
                .schedule(() -> coapExchange.sendAccept(), delay, TimeUnit.MILLISECONDS);
    }

    private void answer(org.eclipse.californium.core.network.Exchange coapExchange, Exchange exchange,
                        ScheduledFuture<?> acceptTimer, long started, Runnable release) {
        if (acceptTimer != null) {
            acceptTimer.cancel(false);
        }
        Response response;
        try {
            response = toCoap(coapExchange.getRequest(), exchange);
        } catch (RuntimeException e) {
            getExceptionHandler().handleException("Cannot map the exchange to a CoAP response", exchange, e);
            response = new Response(ResponseCode.INTERNAL_SERVER_ERROR);
        }
        RmpCoapMetrics metrics = getEndpoint().getComponent().metrics();
        if (metrics.isEnabled()) {
            metrics.served(response.getCode().text, coapExchange.getRequest().getCode().name(), targetHost(exchange),
                    System.nanoTime() - started);
        }
        try {
            ObservedResource.respond(coapExchange, response);
        } finally {
            release.run();
            releaseExchange(exchange, false);
        }
    }

    /**
     * The host of the target the route declared in exchange property {@link RmpCoapConstants#METRICS_TARGET}, for the
     * metrics; never taken from what the device sent.
     */
    private static String targetHost(Exchange exchange) {
        String target = exchange.getProperty(RmpCoapConstants.METRICS_TARGET, String.class);
        if (target == null || target.isBlank() || exchange.isFailed()) {
            return RmpCoapMetrics.NO_TARGET;
        }
        if (!target.contains("/")) {
            return target;
        }
        try {
            String host = URI.create(target).getHost();
            return host != null ? host : RmpCoapMetrics.NO_TARGET;
        } catch (IllegalArgumentException e) {
            return RmpCoapMetrics.NO_TARGET;
        }
    }

    /** Publishes the request as request-data headers only, which no producer reads (see {@link RmpCoapConstants}). */
    private void toCamel(Request request, Message message) {
        OptionSet options = request.getOptions();
        message.setHeader(RmpCoapConstants.REQUEST_METHOD, request.getCode().name());
        message.setHeader(RmpCoapConstants.REQUEST_MESSAGE_TYPE, request.getType().name());
        message.setHeader(RmpCoapConstants.REQUEST_MESSAGE_ID, request.getMID());
        message.setHeader(RmpCoapConstants.REQUEST_URI_PATH, options.getUriPathString());
        if (options.getURIQueryCount() > 0) {
            message.setHeader(RmpCoapConstants.REQUEST_URI_QUERY, options.getUriQueryString());
        }
        if (options.hasProxyUri()) {
            message.setHeader(RmpCoapConstants.REQUEST_PROXY_URI, options.getProxyUri());
        } else if (options.hasProxyScheme()) {
            message.setHeader(RmpCoapConstants.REQUEST_PROXY_URI, request.getURI());
        }
        if (options.hasContentFormat()) {
            message.setHeader(RmpCoapConstants.REQUEST_CONTENT_FORMAT, options.getContentFormat());
            // the body's media type travels with the body, as in camel-http; a producer's own option takes precedence
            String contentType = ContentFormats.toContentType(options.getContentFormat());
            if (contentType != null) {
                message.setHeader(Exchange.CONTENT_TYPE, contentType);
            }
        }
        if (options.hasAccept()) {
            message.setHeader(RmpCoapConstants.REQUEST_ACCEPT, options.getAccept());
        }
        InetSocketAddress peer = request.getSourceContext().getPeerAddress();
        message.setHeader(RmpCoapConstants.REMOTE_ADDRESS, peer.getHostString() + ":" + peer.getPort());
        Principal identity = request.getSourceContext().getPeerIdentity();
        if (identity instanceof PreSharedKeyIdentity psk) {
            message.setHeader(RmpCoapConstants.PSK_IDENTITY, psk.getIdentity());
        } else if (identity instanceof X509CertPath certificate) {
            message.setHeader(RmpCoapConstants.PRINCIPAL, certificate.getTarget().getSubjectX500Principal().getName());
        }
        byte[] payload = request.getPayload();
        message.setBody(payload != null && payload.length > 0 ? payload : null);
    }

    private Response toCoap(Request request, Exchange exchange) {
        if (exchange.isFailed()) {
            Response failure = new Response(ResponseCode.INTERNAL_SERVER_ERROR);
            Exception cause = exchange.getException();
            if (!configuration.isMuteException() && cause != null && cause.getMessage() != null) {
                failure.setPayload(cause.getMessage());
            }
            return failure;
        }
        Message message = exchange.getMessage();
        byte[] payload = message.getBody(byte[].class);
        if (payload != null && payload.length > configuration.getMaxPayloadSize()) {
            return new Response(ResponseCode.BAD_GATEWAY);
        }
        Response response = new Response(responseCode(request, message));
        if (payload != null && payload.length > 0) {
            response.setPayload(payload);
        }
        int contentFormat = contentFormat(message);
        if (contentFormat != MediaTypeRegistry.UNDEFINED && response.getPayloadSize() > 0) {
            response.getOptions().setContentFormat(contentFormat);
        }
        return response;
    }

    private ResponseCode responseCode(Request request, Message message) {
        Object code = message.getHeader(RmpCoapConstants.RESPONSE_CODE);
        if (code instanceof ResponseCode responseCode) {
            return responseCode;
        }
        if (code != null) {
            return CoapHttpCodes.parse(code.toString());
        }
        Integer httpStatus = message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class);
        if (httpStatus != null) {
            return CoapHttpCodes.toCoap(httpStatus, request.getCode());
        }
        return switch (request.getCode()) {
            case GET, FETCH -> ResponseCode.CONTENT;
            case DELETE -> ResponseCode.DELETED;
            default -> ResponseCode.CHANGED;
        };
    }

    private int contentFormat(Message message) {
        Integer header = message.getHeader(RmpCoapConstants.CONTENT_FORMAT, Integer.class);
        if (header != null) {
            return header;
        }
        int mapped = ContentFormats.toContentFormat(message.getHeader(Exchange.CONTENT_TYPE, String.class));
        return mapped != MediaTypeRegistry.UNDEFINED ? mapped : getEndpoint().getContentFormatNumber();
    }
}
