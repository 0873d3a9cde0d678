package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.rmpcoap.camel.dtls.HandshakeFailure;
import io.rmpcoap.camel.mapping.CoapHttpCodes;
import io.rmpcoap.camel.mapping.ContentFormats;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.support.DefaultAsyncProducer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.EmptyMessage;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.MessageCallback;

/**
 * Sends one CoAP request per exchange and completes the exchange from Californium's response callback or from the
 * timeout timer, whichever comes first; no Camel thread waits on the network.
 */
public class RmpCoapProducer extends DefaultAsyncProducer {

    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");
    /** The method value that sends a CoAP ping (RFC 7252 section 4.3), as camel-coap names it. */
    static final String PING = "PING";
    /** How long after a TCP connection ends the exchanges still waiting on it fail. */
    static final long CLOSE_GRACE_MS = 100;

    private final RmpCoapEndpoint endpoint;
    private final RmpCoapConfiguration configuration;
    private final RmpCoapAddress address;
    private CoapEndpoint client;
    private EndpointContext destination;
    /** Over TCP: the exchanges waiting for an answer, failed at once when their connection ends. */
    private final Set<Completion> waiting = ConcurrentHashMap.newKeySet();
    private final Consumer<InetSocketAddress> connectionClosed = this::connectionClosed;

    public RmpCoapProducer(RmpCoapEndpoint endpoint) {
        super(endpoint);
        this.endpoint = endpoint;
        this.configuration = endpoint.getConfiguration();
        this.address = endpoint.getAddress();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        InetSocketAddress socketAddress = new InetSocketAddress(address.host(), address.port());
        if (socketAddress.isUnresolved()) {
            throw new IllegalArgumentException("Cannot resolve the host of " + address);
        }
        destination = new AddressEndpointContext(socketAddress);
        client = endpoint.getComponent().clients().acquire(address.tcp(), endpoint.dtlsSettings(false),
                configuration.getMaxPayloadSize(), configuration.getLocalAddress(), address.tcp() ? connectionClosed : null);
    }

    @Override
    protected void doStop() throws Exception {
        if (client != null) {
            endpoint.getComponent().clients().release(client, connectionClosed);
            client = null;
        }
        super.doStop();
    }

    /**
     * Californium fails nothing when a TCP connection ends, so the exchanges waiting on it would only time out. They
     * fail once the answers that arrived before the end had their turn on the protocol threads.
     */
    private void connectionClosed(InetSocketAddress peer) {
        if (waiting.isEmpty() || !peer.equals(destination.getPeerAddress())) {
            return;
        }
        // only those sent before the end: a request sent meanwhile goes over a new connection
        List<Completion> cut = List.copyOf(waiting);
        endpoint.getComponent().protocolExecutor().schedule(() -> cut.forEach(completion -> {
            completion.fail("closed", new RmpCoapException("The connection to " + address + " closed before the answer"));
            completion.request.cancel();
        }), CLOSE_GRACE_MS, TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        try {
            CoAP.Type type = messageType(exchange.getMessage());
            if (type == CoAP.Type.ACK || type == CoAP.Type.RST) {
                sendEmptyMessage(exchange, type, callback);
                return false;
            }
            Request request = isPing(exchange.getMessage()) ? ping() : createRequest(exchange.getMessage(), type);
            new Completion(exchange, callback, request).start();
            client.sendRequest(request);
            return false;
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }

    private boolean isPing(Message in) {
        String method = in.getHeader(RmpCoapConstants.METHOD, configuration.getMethod(), String.class);
        boolean ping = method != null && PING.equalsIgnoreCase(method.trim());
        if (ping && address.tcp()) {
            throw new IllegalArgumentException("Header " + RmpCoapConstants.METHOD + " PING is not supported on "
                                               + address.scheme() + ": a ping over TCP is a 7.02 signal, which Californium "
                                               + "does not send");
        }
        return ping;
    }

    /** An empty Confirmable message that a live peer answers with a Reset. */
    private Request ping() {
        Request ping = Request.newPing();
        ping.setToken(Token.EMPTY);
        ping.setDestinationContext(destination);
        return ping;
    }

    /**
     * The CoAP method of a method name (case-insensitive), null for PING.
     *
     * @throws IllegalArgumentException for any other name
     */
    static CoAP.Code methodOf(String name) {
        String method = name.trim().toUpperCase(Locale.ROOT);
        return PING.equals(method) ? null : CoAP.Code.valueOf(method);
    }

    private Request createRequest(Message in, CoAP.Type type) {
        Request request = new Request(method(in), type);
        request.setDestinationContext(destination);
        OptionSet options = request.getOptions();
        String proxyUri = in.getHeader(RmpCoapConstants.PROXY_URI, configuration.getProxyUri(), String.class);
        if (proxyUri != null) {
            // RFC 7252 5.10.2: Uri-Host, Uri-Port, Uri-Path and Uri-Query must not be sent with Proxy-Uri
            options.setProxyUri(proxyUri);
        } else {
            if (!IP_LITERAL.matcher(address.host()).matches()) {
                options.setUriHost(address.host());
            }
            options.setUriPath(in.getHeader(RmpCoapConstants.URI_PATH, address.path(), String.class));
            String query = in.getHeader(RmpCoapConstants.URI_QUERY, configuration.getUriQuery(), String.class);
            if (query != null && !query.isEmpty()) {
                options.setUriQuery(query);
            }
        }
        // a body left over from earlier route steps is not sent with GET or DELETE, which take no payload
        byte[] payload = request.getCode() == CoAP.Code.GET || request.getCode() == CoAP.Code.DELETE
                ? null : in.getBody(byte[].class);
        if (payload != null && payload.length > 0) {
            if (payload.length > configuration.getMaxPayloadSize()) {
                throw new IllegalArgumentException("The payload of " + payload.length + " bytes exceeds maxPayloadSize "
                                                   + configuration.getMaxPayloadSize());
            }
            request.setPayload(payload);
            int contentFormat = contentFormat(in);
            if (contentFormat != MediaTypeRegistry.UNDEFINED) {
                options.setContentFormat(contentFormat);
            }
        }
        Integer accept = in.getHeader(RmpCoapConstants.ACCEPT, Integer.class);
        int acceptFormat = accept != null ? accept : endpoint.getAcceptNumber();
        if (acceptFormat != MediaTypeRegistry.UNDEFINED) {
            options.setAccept(acceptFormat);
        }
        return request;
    }

    private CoAP.Type messageType(Message in) {
        String header = in.getHeader(RmpCoapConstants.MESSAGE_TYPE, String.class);
        if (header == null) {
            return configuration.getMessageType();
        }
        CoAP.Type type;
        try {
            type = CoAP.Type.valueOf(header.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Header " + RmpCoapConstants.MESSAGE_TYPE + " has an unknown message type " + header);
        }
        if (address.tcp() && type != CoAP.Type.CON) {
            throw new IllegalArgumentException("Header " + RmpCoapConstants.MESSAGE_TYPE + " " + type + " is not supported on "
                                               + address.scheme() + ": CoAP over TCP has no message types (RFC 8323)");
        }
        return type;
    }

    private CoAP.Code method(Message in) {
        String header = in.getHeader(RmpCoapConstants.METHOD, String.class);
        if (header != null) {
            try {
                return methodOf(header);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("Header " + RmpCoapConstants.METHOD + " has an unknown CoAP method " + header);
            }
        }
        if (configuration.getMethod() != null) {
            return methodOf(configuration.getMethod());
        }
        return in.getBody() != null ? CoAP.Code.POST : CoAP.Code.GET;
    }

    private int contentFormat(Message in) {
        Integer header = in.getHeader(RmpCoapConstants.CONTENT_FORMAT, Integer.class);
        if (header != null) {
            return header;
        }
        if (endpoint.getContentFormatNumber() != MediaTypeRegistry.UNDEFINED) {
            return endpoint.getContentFormatNumber();
        }
        return ContentFormats.toContentFormat(in.getHeader(Exchange.CONTENT_TYPE, String.class));
    }

    /** ACK and RST are never requests: send the empty message for the message ID the route names. */
    private void sendEmptyMessage(Exchange exchange, CoAP.Type type, AsyncCallback callback) {
        Integer mid = exchange.getMessage().getHeader(RmpCoapConstants.MESSAGE_ID, Integer.class);
        if (mid == null || mid < 0 || mid > 0xFFFF) {
            throw new IllegalArgumentException("messageType " + type + " sends an empty message and needs header "
                                               + RmpCoapConstants.MESSAGE_ID + " from 0 to 65535, not " + mid);
        }
        EmptyMessage message = new EmptyMessage(type);
        message.setMID(mid);
        message.setToken(Token.EMPTY);
        message.setDestinationContext(destination);
        AtomicBoolean done = new AtomicBoolean();
        client.getConnector().send(new UdpDataSerializer().serializeEmptyMessage(message, new MessageCallback() {
            @Override
            public void onConnecting() {
            }

            @Override
            public void onDtlsRetransmission(int flight) {
            }

            @Override
            public void onContextEstablished(EndpointContext context) {
            }

            @Override
            public void onSent() {
                if (done.compareAndSet(false, true)) {
                    callback.done(false);
                }
            }

            @Override
            public void onError(Throwable error) {
                if (done.compareAndSet(false, true)) {
                    exchange.setException(new RmpCoapException("Could not send " + type + " to " + address, error));
                    callback.done(false);
                }
            }
        }));
    }

    /** Completes one exchange exactly once: from the answer, a failure, or the timeout. */
    private final class Completion extends MessageObserverAdapter {
        private final Exchange exchange;
        private final AsyncCallback callback;
        private final Request request;
        private final AtomicBoolean done = new AtomicBoolean();
        private final long started = System.nanoTime();
        private volatile ScheduledFuture<?> timer;

        Completion(Exchange exchange, AsyncCallback callback, Request request) {
            this.exchange = exchange;
            this.callback = callback;
            this.request = request;
        }

        void start() {
            if (address.tcp()) {
                waiting.add(this);
            }
            request.addMessageObserver(this);
            long timeout = configuration.getTimeout();
            timer = endpoint.getComponent().timerExecutor().schedule(() -> {
                if (finish("timeout")) {
                    request.cancel();
                    exchange.setException(
                            new RmpCoapTimeoutException(exchange, timeout, address.toString(), request.getType().name()));
                    callback.done(false);
                }
            }, timeout, TimeUnit.MILLISECONDS);
        }

        /** Claims the exchange for one outcome (a CoAP code, "timeout", "reset", "error") and counts it. */
        private boolean finish(String outcome) {
            if (!done.compareAndSet(false, true)) {
                return false;
            }
            waiting.remove(this);
            endpoint.getComponent().metrics().sent(outcome, address.host(), System.nanoTime() - started);
            ScheduledFuture<?> t = timer;
            if (t != null) {
                t.cancel(false);
            }
            return true;
        }

        @Override
        public void onResponse(Response response) {
            if (!finish(response.getCode().text)) {
                return;
            }
            try {
                Message out = exchange.getMessage();
                String code = CoapHttpCodes.text(response.getCode());
                out.setHeader(RmpCoapConstants.RESPONSE_CODE, code);
                int contentFormat = response.getOptions().getContentFormat();
                out.removeHeader(RmpCoapConstants.CONTENT_FORMAT);
                out.removeHeader(Exchange.CONTENT_TYPE);
                if (contentFormat != MediaTypeRegistry.UNDEFINED) {
                    out.setHeader(RmpCoapConstants.CONTENT_FORMAT, contentFormat);
                    String contentType = ContentFormats.toContentType(contentFormat);
                    if (contentType != null) {
                        out.setHeader(Exchange.CONTENT_TYPE, contentType);
                    }
                }
                ResponseOptionHeaders.toHeaders(response.getOptions(), out);
                out.setBody(response.getPayload());
                if (!response.isSuccess() && configuration.isThrowExceptionOnFailure()) {
                    exchange.setException(new RmpCoapOperationFailedException(
                            address.toString(), code, response.getCode().name(), response.getPayloadString()));
                }
            } catch (RuntimeException e) {
                exchange.setException(e);
            }
            callback.done(false);
        }

        @Override
        public void onReject() {
            if (request.getCode() == null) {
                // a ping's Reset is the answer (RFC 7252 section 4.3)
                long rtt = System.nanoTime() - started;
                if (finish("pong")) {
                    Message out = exchange.getMessage();
                    out.setHeader(RmpCoapConstants.ROUND_TRIP_TIME, TimeUnit.NANOSECONDS.toMillis(rtt));
                    out.setBody(Boolean.TRUE);
                    callback.done(false);
                }
                return;
            }
            fail("reset", new RmpCoapException("The device at " + address + " rejected the request with a Reset"));
        }

        @Override
        public void onTimeout() {
            if (finish("timeout")) {
                exchange.setException(new RmpCoapTimeoutException(
                        exchange, configuration.getTimeout(), address.toString(), request.getType().name()));
                callback.done(false);
            }
        }

        @Override
        public void onCancel() {
            fail("cancelled", new RmpCoapException("The request to " + address + " was cancelled"));
        }

        @Override
        protected void failed() {
            Throwable error = request.getSendError();
            HandshakeFailure handshake = HandshakeFailure.of(error);
            if (handshake != null) {
                fail("handshake", new RmpCoapHandshakeException(address.toString(), handshake, error));
                return;
            }
            fail("error", new RmpCoapException("Could not send the request to " + address
                                      + (error != null ? ": " + error.getMessage() : ""),
                    error));
        }

        private void fail(String outcome, Exception e) {
            if (finish(outcome)) {
                exchange.setException(e);
                callback.done(false);
            }
        }
    }
}
