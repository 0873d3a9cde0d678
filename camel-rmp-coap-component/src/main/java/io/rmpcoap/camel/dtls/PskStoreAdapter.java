package io.rmpcoap.camel.dtls;

import java.net.InetSocketAddress;
import java.security.SecureRandom;

import javax.crypto.SecretKey;

import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;

/**
 * Serves a {@link PskStore} to Scandium's server handshake. The lookup is synchronous: a store that blocks on I/O
 * delays the handshakes on Scandium's threads, so keep it fast or cache it.
 */
final class PskStoreAdapter implements AdvancedPskStore {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final PskStore store;

    PskStoreAdapter(PskStore store) {
        this.store = store;
    }

    @Override
    public boolean hasEcdhePskSupported() {
        return false;
    }

    @Override
    public PskSecretResult requestPskSecretResult(
            ConnectionId cid, ServerNames serverNames, PskPublicInformation identity, String hmacAlgorithm,
            SecretKey otherSecret, byte[] seed, boolean useExtendedMasterSecret) {
        byte[] key = store.keyOf(identity.getPublicInfoAsString());
        if (key == null || key.length == 0) {
            // RFC 4279 5.1: go on with a key nobody knows, so an unknown identity fails like a wrong key
            // (decrypt_error, see HandshakeFailureListener) and the answer does not tell which identities exist
            key = new byte[32];
            RANDOM.nextBytes(key);
        }
        return new PskSecretResult(cid, identity, SecretUtil.create(key, "PSK"));
    }

    @Override
    public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
        return null; // a server never presents an identity
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // answers are synchronous
    }
}
