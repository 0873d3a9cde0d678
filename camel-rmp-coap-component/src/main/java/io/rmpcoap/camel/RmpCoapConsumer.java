package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.rmpcoap.camel.dtls.DtlsClusterNodes;
import io.rmpcoap.camel.mapping.CoapHttpCodes;
import io.rmpcoap.camel.mapping.ContentFormats;
import io.rmpcoap.camel.metrics.RateLimitedLog;
import io.rmpcoap.camel.metrics.RmpCoapMetrics;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.ShutdownRunningTask;
import org.apache.camel.Suspendable;
import org.apache.camel.spi.ShutdownAware;
import org.apache.camel.support.DefaultConsumer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.auth.X509CertPath;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Turns each CoAP request that its server delivers into a Camel exchange and answers the device when the exchange
 * completes. A Confirmable request that takes longer than {@code separateResponseDelay} is acknowledged at once and
 * answered later with a separate response.
 * <p>
 * Suspendable, so that Camel's graceful shutdown suspends it first: requests already in flight are still answered
 * over the open socket before the server stops (and saves its DTLS sessions), while new ones are left to the device's
 * retransmission, which reaches the restarted gateway or another replica (see {@link RmpCoapServer}). Camel waits for
 * the exchanges it knows of; the requests still waiting for a worker and the answers not yet delivered (not yet
 * written to the socket, or a separate answer the device has not acknowledged) are added as pending.
 */
public class RmpCoapConsumer extends DefaultConsumer implements Suspendable, ShutdownAware {

    private static final RateLimitedLog REFUSALS = new RateLimitedLog(
            LoggerFactory.getLogger(RmpCoapConsumer.class), Level.INFO, 60, 100);

    private final RmpCoapConfiguration configuration;
    private volatile RmpCoapServer server;
    /** Null when separateResponseDelay is 0 (acknowledged at once). */
    private SeparateResponseTimer separateResponses;
    private Set<CoAP.Code> methods;
    private boolean queryHeaders;

    public RmpCoapConsumer(RmpCoapEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.configuration = endpoint.getConfiguration();
        this.methods = endpoint.getMethodRestriction();
    }

    @Override
    public RmpCoapEndpoint getEndpoint() {
        return (RmpCoapEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        getEndpoint().getComponent().addHealthCheck(this, routeId -> new RmpCoapConsumerHealthCheck(this, routeId));
        if (configuration.getSeparateResponseDelay() > 0) {
            separateResponses = new SeparateResponseTimer(getEndpoint().getComponent().timerExecutor(),
                    configuration.getSeparateResponseDelay());
        }
        server = getEndpoint().getComponent().servers().register(this);
    }

    @Override
    protected void doStop() throws Exception {
        if (server != null) {
            getEndpoint().getComponent().servers().unregister(this, server);
            server = null;
        }
        if (separateResponses != null) {
            separateResponses.close();
            separateResponses = null;
        }
        super.doStop();
    }

    /**
     * Makes this consumer serve a REST DSL operation: only requests of this method reach it (the server answers 4.05
     * to others on its path), and its Uri-Query parameters become headers, as REST DSL routes expect, except names
     * that Camel reserves ({@code Camel*}, {@code org.apache.camel.*}).
     */
    void serveRest(CoAP.Code method) {
        if (methods != null && !methods.contains(method)) {
            throw new IllegalArgumentException("coapMethodRestrict " + configuration.getCoapMethodRestrict()
                                               + " does not allow the REST operation's method " + method);
        }
        methods = EnumSet.of(method);
        queryHeaders = true;
    }

    /** Never deferred: suspended, the consumer keeps the socket open for the answers and takes no new request. */
    @Override
    public boolean deferShutdown(ShutdownRunningTask shutdownRunningTask) {
        return false;
    }

    /** The server's requests in flight and its answers still on their way to the devices. */
    @Override
    public int getPendingExchangesSize() {
        RmpCoapServer s = server;
        return s != null ? s.inflight() + s.answersOnTheirWay() : 0;
    }

    @Override
    public void prepareShutdown(boolean suspendOnly, boolean forced) {
        // nothing to prepare: suspension already turns new requests away
    }

    /** The methods this consumer serves; null for all. */
    Set<CoAP.Code> getMethods() {
        return methods;
    }

    /** The address the server is bound to, e.g. to learn an ephemeral port. */
    public InetSocketAddress getLocalAddress() {
        RmpCoapServer s = server;
        return s != null ? s.localAddress() : null;
    }

    /** The other nodes of the server's Connection-ID cluster and whether it reaches them; null when it is no cluster node. */
    List<DtlsClusterNodes.Status> clusterNodes() {
        RmpCoapServer s = server;
        return s != null ? s.clusterNodes() : null;
    }

    /** This consumer's node id in a Connection-ID cluster, or null. */
    Integer clusterNodeId() {
        RmpCoapServer s = server;
        return s != null ? s.clusterNodeId() : null;
    }

    /** Where the management channel of the cluster node listens, or null. */
    InetSocketAddress clusterManagementAddress() {
        RmpCoapServer s = server;
        return s != null ? s.clusterManagementAddress() : null;
    }

    /** The address the server listens on, or null while the socket is not bound. */
    InetSocketAddress getListeningAddress() {
        RmpCoapServer s = server;
        return s != null && s.isListening() ? s.localAddress() : null;
    }

    /**
     * Runs on a worker thread of the server, or on its protocol thread when it has no worker pool.
     *
     * @param pathParameters the values of the path template's parameters, which become headers
     * @param release        frees the exchange's in-flight slot once answered
     */
    void process(org.eclipse.californium.core.network.Exchange coapExchange, Map<String, String> pathParameters,
                 Runnable release) {
        long started = System.nanoTime();
        Request request = coapExchange.getRequest();
        Exchange exchange = createExchange(false);
        try {
            toCamel(request, exchange.getMessage());
            pathParameters.forEach(exchange.getMessage()::setHeader);
            acknowledgeUnlessAnswered(coapExchange);
        } catch (RuntimeException e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            answer(coapExchange, exchange, started, release);
            return;
        }
        getAsyncProcessor().process(exchange, doneSync -> answer(coapExchange, exchange, started, release));
    }

    /** A Confirmable request not answered within separateResponseDelay is acknowledged, and answered separately. */
    private void acknowledgeUnlessAnswered(org.eclipse.californium.core.network.Exchange coapExchange) {
        if (coapExchange.getRequest().getType() != CoAP.Type.CON) {
            return;
        }
        SeparateResponseTimer timer = separateResponses;
        if (timer == null) {
            coapExchange.sendAccept();
        } else {
            timer.watch(coapExchange);
        }
    }

    private void answer(org.eclipse.californium.core.network.Exchange coapExchange, Exchange exchange, long started,
                        Runnable release) {
        Response response;
        try {
            response = toCoap(coapExchange.getRequest(), exchange);
        } catch (RuntimeException e) {
            getExceptionHandler().handleException("Cannot map the exchange to a CoAP response", exchange, e);
            response = new Response(ResponseCode.INTERNAL_SERVER_ERROR);
        }
        String refusal = exchange.getMessage().getHeader(RmpCoapConstants.REFUSAL_REASON, String.class);
        if (refusal != null) {
            logRefusal(coapExchange.getRequest(), response, refusal);
        }
        RmpCoapMetrics metrics = getEndpoint().getComponent().metrics();
        if (metrics.isEnabled()) {
            metrics.served(response.getCode().text, coapExchange.getRequest().getCode().name(), targetHost(exchange),
                    refusal, System.nanoTime() - started);
        }
        Response answer = response;
        try {
            // the slot is freed on the exchange's executor once Californium holds the answer: a graceful stop always
            // sees the request either in flight or among the answers on their way (RmpCoapServer#answersOnTheirWay)
            coapExchange.execute(() -> {
                try {
                    ObservedResource.respond(coapExchange, answer);
                } finally {
                    release.run();
                }
            });
        } finally {
            releaseExchange(exchange, false);
        }
    }

    /**
     * One line per device address (host and port) and reason a minute, at most 100 a minute in all: enough for an
     * operator to see why devices are refused, too few for a hostile device to flood the log. Names the host the
     * device asked for, never the Proxy-Uri's query (the token).
     */
    private static void logRefusal(Request request, Response response, String reason) {
        InetSocketAddress peer = request.getSourceContext().getPeerAddress();
        String reasonTag = RmpCoapMetrics.reasonTag(reason);
        Principal identity = request.getSourceContext().getPeerIdentity();
        String device = peer.getAddress().getHostAddress() + ":" + peer.getPort();
        REFUSALS.log(device + " " + reasonTag,
                "Refused a {} from device {}{} to host {} with {} ({}); not logged again for this device and reason for {} s",
                request.getCode(), device,
                identity instanceof PreSharedKeyIdentity psk ? " (identity " + printable(psk.getIdentity()) + ")" : "",
                requestedHost(request), response.getCode().text, reasonTag, REFUSALS.windowSeconds());
    }

    /** The host part of the device's Proxy-Uri (or its own Uri-Host), printable and short; never the query. */
    private static String requestedHost(Request request) {
        OptionSet options = request.getOptions();
        String host = null;
        try {
            host = options.hasProxyUri() ? URI.create(options.getProxyUri()).getHost() : options.getUriHost();
        } catch (IllegalArgumentException e) {
            // not a URI: named as unknown
        }
        return host == null ? "?" : printable(host);
    }

    private static String printable(String text) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return shown.replaceAll("[^\\p{Graph}]", "?");
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
        if (queryHeaders) {
            for (String parameter : options.getUriQuery()) {
                int equals = parameter.indexOf('=');
                String name = equals < 0 ? parameter : parameter.substring(0, equals);
                String lower = name.toLowerCase(Locale.ROOT);
                if (!name.isEmpty() && !lower.startsWith("camel") && !lower.startsWith("org.apache.camel")) {
                    message.setHeader(name, equals < 0 ? "" : parameter.substring(equals + 1));
                }
            }
        }
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
        if (options.getETagCount() > 0) {
            message.setHeader(RmpCoapConstants.REQUEST_ETAG, List.copyOf(options.getETags()));
        }
        InetSocketAddress peer = request.getSourceContext().getPeerAddress();
        message.setHeader(RmpCoapConstants.REMOTE_ADDRESS, peer.getHostString() + ":" + peer.getPort());
        Principal identity = request.getSourceContext().getPeerIdentity();
        if (identity instanceof PreSharedKeyIdentity psk) {
            message.setHeader(RmpCoapConstants.PSK_IDENTITY, psk.getIdentity());
        } else if (identity instanceof X509CertPath certificate) {
            message.setHeader(RmpCoapConstants.PRINCIPAL, certificate.getTarget().getSubjectX500Principal().getName());
        } else if (identity instanceof RawPublicKeyIdentity key) {
            message.setHeader(RmpCoapConstants.PRINCIPAL, key.getName());
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
        ResponseOptionHeaders.toOptions(message, response.getOptions());
        return response;
    }

    private ResponseCode responseCode(Request request, Message message) {
        return CoapHttpCodes.answer(message.getHeader(RmpCoapConstants.RESPONSE_CODE),
                message.getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class), request.getCode());
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
