package io.rmpcoap.camel;

import org.apache.camel.Exchange;
import org.apache.camel.ExchangeTimedOutException;

/**
 * The device did not answer within the endpoint's {@code timeout}.
 */
public class RmpCoapTimeoutException extends ExchangeTimedOutException {

    private final String destination;

    public RmpCoapTimeoutException(Exchange exchange, long timeout, String destination, String messageType) {
        super(exchange, timeout, "No CoAP answer from " + destination + " to a " + messageType + " request");
        this.destination = destination;
    }

    /** The device's address (scheme, host, port and path); never holds credentials. */
    public String getDestination() {
        return destination;
    }
}
