package io.rmpcoap.camel.dtls;

/**
 * Resolves a device's PSK identity to its pre-shared key, for a consumer that serves many devices. Implement it as a
 * bean (e.g. backed by a database or a vault) and set it as the endpoint's {@code pskStore}.
 */
@FunctionalInterface
public interface PskStore {

    /**
     * @param  identity the identity the device presented in its DTLS handshake
     * @return          the key's bytes (e.g. the ASCII of the PSK key tool's hex), or null for an unknown identity
     */
    byte[] keyOf(String identity);
}
