package io.rmpcoap.camel.dtls;

import org.eclipse.californium.scandium.DtlsHealth;

/**
 * Scandium's health callbacks plus the reason of each failed handshake ({@link HandshakeFailure#reason()}), which
 * Scandium's {@link DtlsHealth#endHandshake(boolean)} does not carry: an implementation counts failures here only.
 */
public interface DtlsMeter extends DtlsHealth {

    /** A handshake failed for {@code reason}, one of the constants of {@link HandshakeFailure}. */
    void handshakeFailed(String reason);
}
