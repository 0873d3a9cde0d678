package io.rmpcoap.camel;

import org.apache.camel.spi.Metadata;

/**
 * The headers of the {@code rmpcoap} component, in two disjoint sets so that a device never steers a producer:
 * <ul>
 * <li><em>Request data</em> ({@code CamelRmpCoapRequest*}, the device's address and identity): what a consumer
 * publishes about the device's request. No producer reads them.</li>
 * <li><em>Control headers</em> (method, Uri-Path, Uri-Query, Proxy-Uri, Accept, message type and ID): what a producer
 * reads as per-message overrides of its endpoint options. No consumer writes them, so they are set only by the route
 * (e.g. {@code setHeader}); a route that forwards what the device asked for copies the request header on purpose.</li>
 * </ul>
 * {@code CamelRmpCoapContentFormat} describes the message body, as {@code Content-Type} does: set by the route or by a
 * producer from the device's answer, read by producers and by the consumer for its answer; a consumer publishes the
 * request's format as {@code CamelRmpCoapRequestContentFormat} and {@code Content-Type}. Each request-data header is
 * set only from a CoAP message field of the same meaning, never from an arbitrary option or query parameter.
 */
public final class RmpCoapConstants {

    // control headers: read by the producer, written by no consumer

    @Metadata(label = "producer", description = "The CoAP method to send: GET, POST, PUT, DELETE, FETCH, PATCH or IPATCH, "
                                                + "or PING for a CoAP ping (RFC 7252 section 4.3). Overrides the `method` "
                                                + "option. Never set by a consumer (the device's method is "
                                                + "`CamelRmpCoapRequestMethod`).",
              javaType = "String")
    public static final String METHOD = "CamelRmpCoapMethod";

    @Metadata(label = "producer", description = "The round-trip time of a CoAP ping (method PING) in milliseconds: from sending "
                                                + "the empty Confirmable message to the device's Reset, retransmissions included.",
              javaType = "Long")
    public static final String ROUND_TRIP_TIME = "CamelRmpCoapRoundTripTime";

    @Metadata(label = "producer", description = "The Proxy-Uri option to send. Overrides the `proxyUri` option. Never set by "
                                                + "a consumer (the device's is `CamelRmpCoapRequestProxyUri`).",
              javaType = "String")
    public static final String PROXY_URI = "CamelRmpCoapProxyUri";

    @Metadata(description = "The CoAP response code as text, e.g. `2.05` or `4.04`. Set by the producer from the device's answer; "
                            + "read by the consumer to answer the device (else `CamelHttpResponseCode` is mapped per RFC 8075).",
              javaType = "String")
    public static final String RESPONSE_CODE = "CamelRmpCoapResponseCode";

    @Metadata(description = "The CoAP Content-Format number of the message body, e.g. 50 for application/json. Set by the "
                            + "route, or by a producer from the device's answer (never by a consumer); a producer sends it "
                            + "in place of the `contentFormat` option, a consumer answers with it. It takes precedence over "
                            + "`Content-Type`, which the component maps to and from it.",
              javaType = "Integer")
    public static final String CONTENT_FORMAT = "CamelRmpCoapContentFormat";

    @Metadata(label = "producer", description = "The CoAP Accept option to send (a Content-Format number). Overrides the "
                                                + "`accept` option. Never set by a consumer.",
              javaType = "Integer")
    public static final String ACCEPT = "CamelRmpCoapAccept";

    @Metadata(label = "producer", description = "The request path to send (Uri-Path options joined by `/`), without a "
                                                + "leading slash. Overrides the endpoint's path. Never set by a consumer.",
              javaType = "String")
    public static final String URI_PATH = "CamelRmpCoapUriPath";

    @Metadata(label = "producer", description = "The Uri-Query options to send, joined by `&`. Overrides the `uriQuery` "
                                                + "option. Never set by a consumer.",
              javaType = "String")
    public static final String URI_QUERY = "CamelRmpCoapUriQuery";

    @Metadata(label = "producer", description = "The message ID of the empty Acknowledgement or Reset a producer with "
                                                + "messageType ACK or RST sends (required there). Never set by a consumer.",
              javaType = "Integer")
    public static final String MESSAGE_ID = "CamelRmpCoapMessageId";

    @Metadata(label = "producer", description = "The message type to send: CON, NON, ACK or RST. Overrides the "
                                                + "`messageType` option. Never set by a consumer.",
              javaType = "String")
    public static final String MESSAGE_TYPE = "CamelRmpCoapMessageType";

    // answer options: written by a producer from the device's answer and by the route, read by a serving consumer

    @Metadata(description = "The ETag option of an answer (1 to 8 bytes, RFC 7252 section 5.10.6): set by a producer (and an "
                            + "observing consumer) from the device's answer; a serving consumer answers with it when the "
                            + "route sets it (bytes, or text as its UTF-8 bytes), e.g. with `CamelRmpCoapResponseCode` "
                            + "`2.03` for a device whose `CamelRmpCoapRequestETag` is current. Never sent in a request "
                            + "and never set from a device's request.",
              javaType = "byte[]")
    public static final String ETAG = "CamelRmpCoapETag";

    @Metadata(description = "The Max-Age option of an answer in seconds (0 to 4294967295, RFC 7252 section 5.10.5): how long "
                            + "the answer stays fresh. Set by a producer (and an observing consumer) only when the device's "
                            + "answer has it (without it, 60 s); a serving consumer answers with it when the route sets "
                            + "it. Never sent in a request and never set from a device's request.",
              javaType = "Long")
    public static final String MAX_AGE = "CamelRmpCoapMaxAge";

    // request data: written by the consumer, read by no producer

    @Metadata(label = "consumer", description = "The device's request method: GET, POST, PUT, DELETE, FETCH, PATCH or IPATCH.",
              javaType = "String")
    public static final String REQUEST_METHOD = "CamelRmpCoapRequestMethod";

    @Metadata(label = "consumer", description = "The device's Proxy-Uri (or the URI built from Proxy-Scheme), for a consumer "
                                                + "in proxy mode. It may hold secrets such as an AuthToken: never log it.",
              javaType = "String")
    public static final String REQUEST_PROXY_URI = "CamelRmpCoapRequestProxyUri";

    @Metadata(label = "consumer", description = "The Content-Format number of the device's payload (also mapped to "
                                                + "`Content-Type` where the format has a media type).",
              javaType = "Integer")
    public static final String REQUEST_CONTENT_FORMAT = "CamelRmpCoapRequestContentFormat";

    @Metadata(label = "consumer", description = "The device's Accept option (a Content-Format number).", javaType = "Integer")
    public static final String REQUEST_ACCEPT = "CamelRmpCoapRequestAccept";

    @Metadata(label = "consumer", description = "The device's request path (Uri-Path options joined by `/`), without a "
                                                + "leading slash.",
              javaType = "String")
    public static final String REQUEST_URI_PATH = "CamelRmpCoapRequestUriPath";

    @Metadata(label = "consumer", description = "The device's Uri-Query options joined by `&`.", javaType = "String")
    public static final String REQUEST_URI_QUERY = "CamelRmpCoapRequestUriQuery";

    @Metadata(label = "consumer", description = "The ETag options of the device's request (RFC 7252 section 5.10.6.2: the "
                                                + "representations it already has, each 1 to 8 bytes), when it sent any.",
              javaType = "java.util.List<byte[]>")
    public static final String REQUEST_ETAG = "CamelRmpCoapRequestETag";

    @Metadata(label = "consumer", description = "The message ID of the device's request.", javaType = "Integer")
    public static final String REQUEST_MESSAGE_ID = "CamelRmpCoapRequestMessageId";

    @Metadata(label = "consumer", description = "The device's request message type: CON or NON.", javaType = "String")
    public static final String REQUEST_MESSAGE_TYPE = "CamelRmpCoapRequestMessageType";

    @Metadata(label = "consumer", description = "The device's address as host:port.", javaType = "String")
    public static final String REMOTE_ADDRESS = "CamelRmpCoapRemoteAddress";

    @Metadata(label = "consumer", description = "The PSK identity with which the device authenticated its DTLS session. "
                                                + "Set only from the DTLS layer, never from the request.",
              javaType = "String")
    public static final String PSK_IDENTITY = "CamelRmpCoapPskIdentity";

    @Metadata(label = "consumer", description = "The subject of the certificate with which the device authenticated its DTLS "
                                                + "session, or for a raw public key (RFC 7250) its SHA-256 name as an RFC "
                                                + "6920 URI (ni:///sha-256;...). Set only from the DTLS layer, never from "
                                                + "the request.",
              javaType = "String")
    public static final String PRINCIPAL = "CamelRmpCoapPrincipal";

    // notification data: written by an observing consumer, read by no producer

    @Metadata(label = "consumer", description = "The Observe sequence number of the notification (RFC 7641) that an "
                                                + "observing consumer (`observe=true`) turned into this exchange; it "
                                                + "grows with each notification of one registration and starts anew "
                                                + "after a re-registration. `CamelRmpCoapResponseCode`, "
                                                + "`CamelRmpCoapRequestContentFormat` and `Content-Type` describe "
                                                + "the notification.",
              javaType = "Integer")
    public static final String OBSERVE_SEQUENCE = "CamelRmpCoapObserveSequence";

    /**
     * Exchange property (not a header): the target a consumer's route declares it forwarded the request to, as a URI
     * or host name. With metrics on, the consumer tags {@code rmpcoap.server.requests} with its host, for at most
     * {@code RmpCoapMetrics.MAX_TARGETS} distinct hosts (then {@code RmpCoapMetrics.OTHER_TARGET}). Nothing a device
     * sends sets it.
     */
    public static final String METRICS_TARGET = "CamelRmpCoapMetricsTarget";
    @Metadata(label = "consumer",
              description = "Why the route refused the request or could not serve it, set by the route beside the response "
                            + "code (the bundled gateway sets it). The consumer logs such an answer at INFO, once per "
                            + "device and reason a minute (reason, device address and identity, target host; never the "
                            + "token), and tags `rmpcoap.server.requests` with it as `reason`: `no-token`, `bad-token`, "
                            + "`identity-mismatch`, `target-not-allowed`, `not-http`, `method-not-allowed`, "
                            + "`backend-unreachable`, `backend-timeout`; any other value is tagged `other`, an answer "
                            + "without it `none`.",
              javaType = "String")
    public static final String REFUSAL_REASON = "CamelRmpCoapRefusalReason";

    private RmpCoapConstants() {
    }
}
