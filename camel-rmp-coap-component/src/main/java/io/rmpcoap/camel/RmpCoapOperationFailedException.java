package io.rmpcoap.camel;

import org.apache.camel.CamelException;

/**
 * The device answered with a 4.xx or 5.xx response code (thrown unless {@code throwExceptionOnFailure=false}).
 */
public class RmpCoapOperationFailedException extends CamelException {

    private final String destination;
    private final String responseCode;
    private final String responseBody;

    public RmpCoapOperationFailedException(String destination, String responseCode, String codeName, String responseBody) {
        super("CoAP request to " + destination + " failed with " + responseCode + " " + codeName);
        this.destination = destination;
        this.responseCode = responseCode;
        this.responseBody = responseBody;
    }

    public String getDestination() {
        return destination;
    }

    /** The response code as text, e.g. {@code 4.04}. */
    public String getResponseCode() {
        return responseCode;
    }

    /** The device's diagnostic payload as text, possibly empty. */
    public String getResponseBody() {
        return responseBody;
    }
}
