package io.rmpcoap.camel;

import io.rmpcoap.camel.dtls.HandshakeFailure;

/**
 * The DTLS handshake with the device failed, e.g. for a wrong PSK identity or key, an untrusted certificate or no
 * common cipher suite. The message names the device's address, the reason and the alert; never a key.
 */
public class RmpCoapHandshakeException extends RmpCoapException {

    private final String destination;
    private final String reason;

    public RmpCoapHandshakeException(String destination, HandshakeFailure failure, Throwable cause) {
        super("DTLS handshake with " + destination + " failed (" + failure.reason() + "): " + failure.detail(), cause);
        this.destination = destination;
        this.reason = failure.reason();
    }

    /** The device's address (scheme, host, port and path); never holds credentials. */
    public String getDestination() {
        return destination;
    }

    /**
     * Why: {@code wrong-key}, {@code unknown-identity}, {@code certificate}, {@code no-common-cipher-suite},
     * {@code timeout} or {@code other}.
     */
    public String getReason() {
        return reason;
    }
}
