package io.rmpcoap.camel;

import org.apache.camel.CamelException;

/**
 * A CoAP exchange that could not complete: the request could not be sent (e.g. the DTLS handshake failed), the
 * device rejected it with a Reset, or the endpoint was stopped meanwhile.
 */
public class RmpCoapException extends CamelException {

    public RmpCoapException(String message) {
        super(message);
    }

    public RmpCoapException(String message, Throwable cause) {
        super(message, cause);
    }
}
