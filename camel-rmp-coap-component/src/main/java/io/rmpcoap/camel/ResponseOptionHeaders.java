package io.rmpcoap.camel;

import org.apache.camel.Message;
import org.eclipse.californium.core.coap.OptionSet;

/**
 * The options of a CoAP answer that travel as headers, ETag and Max-Age: a producer (or an observing consumer) turns
 * the answer's into headers, a serving consumer turns the route's headers into its answer's. They describe an answer,
 * so no producer sends them in a request and no consumer sets them from a device's request.
 */
final class ResponseOptionHeaders {

    /** Max-Age is a 32-bit unsigned number of seconds (RFC 7252 section 5.10.5). */
    static final long MAX_MAX_AGE = 0xFFFF_FFFFL;
    /** An ETag is 1 to 8 bytes (RFC 7252 section 5.10.6). */
    static final int MAX_ETAG_LENGTH = 8;

    private ResponseOptionHeaders() {
    }

    /** Sets the headers from the answer's options, removing those of an earlier answer it does not have. */
    static void toHeaders(OptionSet options, Message message) {
        message.removeHeader(RmpCoapConstants.ETAG);
        message.removeHeader(RmpCoapConstants.MAX_AGE);
        if (options.getETagCount() > 0) {
            message.setHeader(RmpCoapConstants.ETAG, options.getETags().get(0));
        }
        if (options.hasMaxAge()) {
            message.setHeader(RmpCoapConstants.MAX_AGE, options.getMaxAge());
        }
    }

    /**
     * Sets the answer's options from the headers the route set.
     *
     * @throws IllegalArgumentException naming the header when its value does not fit the option
     */
    static void toOptions(Message message, OptionSet options) {
        byte[] etag = message.getHeader(RmpCoapConstants.ETAG, byte[].class);
        if (etag != null) {
            if (etag.length < 1 || etag.length > MAX_ETAG_LENGTH) {
                throw new IllegalArgumentException("Header " + RmpCoapConstants.ETAG + " must be 1 to " + MAX_ETAG_LENGTH
                                                   + " bytes, not " + etag.length);
            }
            options.addETag(etag);
        }
        Long maxAge = message.getHeader(RmpCoapConstants.MAX_AGE, Long.class);
        if (maxAge != null) {
            if (maxAge < 0 || maxAge > MAX_MAX_AGE) {
                throw new IllegalArgumentException("Header " + RmpCoapConstants.MAX_AGE + " must be from 0 to "
                                                   + MAX_MAX_AGE + " seconds, not " + maxAge);
            }
            options.setMaxAge(maxAge);
        }
    }
}
