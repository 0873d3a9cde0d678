package io.rmpcoap.camel.dtls;

import java.net.InetSocketAddress;
import java.security.Principal;
import java.util.function.Consumer;

import io.rmpcoap.camel.metrics.RateLimitedLog;
import org.eclipse.californium.scandium.ConnectionListener;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertLevel;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.HandshakeException;
import org.eclipse.californium.scandium.dtls.Handshaker;
import org.eclipse.californium.scandium.dtls.SessionAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Makes a failed DTLS handshake visible: counts it by {@link HandshakeFailure#reason()} and, on a server, logs it once
 * per device address and reason within {@link #LOG_WINDOW_SECONDS} (identity and address, never a key), with at most
 * {@link #MAX_LINES_PER_WINDOW} lines per window in all, so that a flood of handshakes cannot flood the log.
 * <p>
 * A server also ends a PSK handshake whose Finished fails authentication at once with a fatal {@code decrypt_error}
 * alert (RFC 6347 4.1.2.7 allows an alert for a bad record MAC). DTLS servers usually drop that record silently, which
 * leaves the device retransmitting until it gives up. An unknown identity gets the same alert (its handshake runs on
 * with a random key, see {@link PskStoreAdapter}, as RFC 4279 5.1 suggests), so the answer tells nobody whether an
 * identity exists; only the server's log and meter do.
 */
final class HandshakeFailureListener extends SessionAdapter implements ConnectionListener {

    static final long LOG_WINDOW_SECONDS = 60;
    static final int MAX_LINES_PER_WINDOW = 100;
    private static final Logger LOG = LoggerFactory.getLogger(HandshakeFailureListener.class);

    private final boolean server;
    private final PskStore pskStore;
    private final Consumer<String> counter;
    private final RateLimitedLog log = new RateLimitedLog(LOG, Level.WARN, LOG_WINDOW_SECONDS, MAX_LINES_PER_WINDOW);
    private volatile DTLSConnector connector;

    /**
     * @param server   whether failures are logged and PSK mismatches answered with an alert
     * @param pskStore the server's store, to tell an unknown identity from a wrong key (may be null)
     * @param counter  counts a failure by reason (may be null)
     */
    HandshakeFailureListener(boolean server, PskStore pskStore, Consumer<String> counter) {
        this.server = server;
        this.pskStore = pskStore;
        this.counter = counter;
    }

    /** The connector this listener serves, which sends the alert for a PSK mismatch. */
    void attach(DTLSConnector connector) {
        this.connector = connector;
    }

    @Override
    public void handshakeFailed(Handshaker handshaker, Throwable error) {
        HandshakeFailure failure = HandshakeFailure.of(error);
        if (failure == null) {
            failure = new HandshakeFailure(HandshakeFailure.OTHER, String.valueOf(error));
        }
        if (counter != null) {
            counter.accept(failure.reason());
        }
        if (server) {
            log(handshaker.getPeerAddress(), identity(handshaker), failure);
        }
    }

    @Override
    public boolean onConnectionMacError(Connection connection) {
        Handshaker handshaker = connection.getOngoingHandshake();
        DTLSConnector dtls = connector;
        // only in a first PSK handshake: a record of an established session that fails authentication stays dropped
        if (server && dtls != null && handshaker != null && !connection.hasEstablishedDtlsContext()
            && handshaker.getSession().getCipherSuite().isPskBased()) {
            String identity = identity(handshaker);
            boolean unknown = pskStore != null && identity != null && pskStore.keyOf(identity) == null;
            dtls.processHandshakeException(connection, new PskMismatchException(
                    unknown ? HandshakeFailure.UNKNOWN_IDENTITY : HandshakeFailure.WRONG_KEY,
                    unknown ? "no key is stored for the device's PSK identity"
                            : "the device's Finished failed authentication: its PSK key is not the one stored for its identity"));
        }
        return false;
    }

    private static String identity(Handshaker handshaker) {
        Principal peer = handshaker.getSession().getPeerIdentity();
        return peer == null ? null : peer.getName();
    }

    private void log(InetSocketAddress peer, String identity, HandshakeFailure failure) {
        String host = peer == null ? "?" : peer.getAddress().getHostAddress();
        log.log(host + " " + failure.reason(),
                "DTLS handshake with device {}{} failed ({}): {}; not logged again for this device and reason for {} s",
                peer == null ? "?" : host + ":" + peer.getPort(), identity == null ? "" : " (identity " + identity + ")",
                failure.reason(), failure.detail(), log.windowSeconds());
    }

    @Override
    public void onConnectionEstablished(Connection connection) {
    }

    @Override
    public void onConnectionRemoved(Connection connection) {
    }

    @Override
    public boolean onConnectionUpdatesSequenceNumbers(Connection connection, boolean writeSequenceNumber) {
        return false;
    }

    @Override
    public void beforeExecution(Connection connection) {
    }

    @Override
    public void updateExecution(Connection connection) {
    }

    @Override
    public void afterExecution(Connection connection) {
    }

    /** A PSK handshake the server ends with decrypt_error; its reason is known only here. */
    static final class PskMismatchException extends HandshakeException {

        private final String reason;

        PskMismatchException(String reason, String message) {
            super(message, new AlertMessage(AlertLevel.FATAL, AlertDescription.DECRYPT_ERROR));
            this.reason = reason;
        }

        String reason() {
            return reason;
        }
    }
}
