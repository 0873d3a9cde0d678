package io.rmpcoap.camel;

import org.apache.camel.spi.Metadata;

/**
 * The headers of the {@code rmpcoap} component. Each header is set only from a CoAP message field of the same meaning,
 * never from an arbitrary option or query parameter, so a device cannot steer a route through them.
 */
public final class RmpCoapConstants {

    @Metadata(label = "producer", description = "The CoAP method of the request: GET, POST, PUT, DELETE, FETCH, PATCH or IPATCH, "
                                                + "or PING for a CoAP ping (RFC 7252 section 4.3). On a producer it overrides the "
                                                + "`method` option; on a consumer it is the device's method.",
              javaType = "String")
    public static final String METHOD = "CamelRmpCoapMethod";

    @Metadata(label = "producer", description = "The round-trip time of a CoAP ping (method PING) in milliseconds: from sending "
                                                + "the empty Confirmable message to the device's Reset, retransmissions included.",
              javaType = "Long")
    public static final String ROUND_TRIP_TIME = "CamelRmpCoapRoundTripTime";

    @Metadata(description = "The Proxy-Uri option. On a producer it overrides the `proxyUri` option; on a consumer in proxy mode "
                            + "it is the target the device asks for (it may hold secrets such as an AuthToken: never log it).",
              javaType = "String")
    public static final String PROXY_URI = "CamelRmpCoapProxyUri";

    @Metadata(description = "The CoAP response code as text, e.g. `2.05` or `4.04`. Set by the producer from the device's answer; "
                            + "read by the consumer to answer the device (else `CamelHttpResponseCode` is mapped per RFC 8075).",
              javaType = "String")
    public static final String RESPONSE_CODE = "CamelRmpCoapResponseCode";

    @Metadata(description = "The CoAP Content-Format number of the payload, e.g. 50 for application/json. It takes precedence "
                            + "over `Content-Type`, which the component maps to and from it.",
              javaType = "Integer")
    public static final String CONTENT_FORMAT = "CamelRmpCoapContentFormat";

    @Metadata(description = "The CoAP Accept option (a Content-Format number). On a producer it overrides the `accept` option.",
              javaType = "Integer")
    public static final String ACCEPT = "CamelRmpCoapAccept";

    @Metadata(label = "consumer", description = "The request path (Uri-Path options joined by `/`), without a leading slash.",
              javaType = "String")
    public static final String URI_PATH = "CamelRmpCoapUriPath";

    @Metadata(description = "The Uri-Query options joined by `&`. On a producer it overrides the `uriQuery` option.",
              javaType = "String")
    public static final String URI_QUERY = "CamelRmpCoapUriQuery";

    @Metadata(description = "The CoAP message ID. A consumer sets it from the request; a producer with messageType ACK or RST "
                            + "sends an empty message with this ID (required there).",
              javaType = "Integer")
    public static final String MESSAGE_ID = "CamelRmpCoapMessageId";

    @Metadata(label = "consumer", description = "The request's message type: CON or NON.", javaType = "String")
    public static final String MESSAGE_TYPE = "CamelRmpCoapMessageType";

    @Metadata(label = "consumer", description = "The device's address as host:port.", javaType = "String")
    public static final String REMOTE_ADDRESS = "CamelRmpCoapRemoteAddress";

    @Metadata(label = "consumer", description = "The PSK identity with which the device authenticated its DTLS session. "
                                                + "Set only from the DTLS layer, never from the request.",
              javaType = "String")
    public static final String PSK_IDENTITY = "CamelRmpCoapPskIdentity";

    @Metadata(label = "consumer", description = "The subject of the certificate with which the device authenticated its DTLS "
                                                + "session. Set only from the DTLS layer, never from the request.",
              javaType = "String")
    public static final String PRINCIPAL = "CamelRmpCoapPrincipal";

    private RmpCoapConstants() {
    }
}
