package io.rmpcoap.camel.dtls;

import java.util.Locale;

import org.eclipse.californium.scandium.dtls.AlertMessage;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.eclipse.californium.scandium.dtls.DtlsHandshakeTimeoutException;
import org.eclipse.californium.scandium.dtls.HandshakeException;

/**
 * Why a DTLS handshake failed, as one of a few reasons (a bounded tag set for the handshake meter) plus a sentence for
 * an operator. Built from Scandium's own error: the alert of a {@link HandshakeException} (sent or received) or the
 * flight a {@link DtlsHandshakeTimeoutException} gave up on. Scandium's messages name identities and addresses,
 * never keys.
 */
public record HandshakeFailure(String reason, String detail) {

    public static final String WRONG_KEY = "wrong-key";
    public static final String UNKNOWN_IDENTITY = "unknown-identity";
    public static final String CERTIFICATE = "certificate";
    public static final String NO_COMMON_CIPHER_SUITE = "no-common-cipher-suite";
    public static final String TIMEOUT = "timeout";
    public static final String OTHER = "other";

    /** The failure behind {@code error} (or one of its causes), or null when it is no handshake failure. */
    public static HandshakeFailure of(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof DtlsHandshakeTimeoutException timeout) {
                return timeout(timeout);
            }
            if (t instanceof HandshakeFailureListener.PskMismatchException mismatch) {
                return new HandshakeFailure(mismatch.reason(), mismatch.getMessage());
            }
            if (t instanceof HandshakeException handshake) {
                return alert(handshake);
            }
        }
        return null;
    }

    private static HandshakeFailure timeout(DtlsHandshakeTimeoutException e) {
        // flight 5 is the client's Finished: a server that cannot verify it (wrong PSK) drops it silently (RFC 6347
        // 4.1.2.7), so an unanswered flight 5 is the usual sign of a wrong key
        String hint = e.getFlightNumber() == 5 ? "; the peer never answered our Finished, which it drops silently when the PSK "
                                           + "key does not match"
                : e.getFlightNumber() <= 3 ? "; the peer never answered our hello: is it running and speaking DTLS on that port?"
                : "";
        return new HandshakeFailure(e.getFlightNumber() == 5 ? WRONG_KEY : TIMEOUT,
                "no answer to flight " + e.getFlightNumber() + hint);
    }

    private static HandshakeFailure alert(HandshakeException e) {
        AlertMessage alert = e.getAlert();
        AlertDescription description = alert == null ? null : alert.getDescription();
        String text = "alert " + (description == null ? "none" : description.name().toLowerCase(Locale.ROOT)) + " ("
                      + e.getMessage() + ")";
        if (description == null) {
            return new HandshakeFailure(OTHER, text);
        }
        return switch (description) {
            case BAD_RECORD_MAC, DECRYPT_ERROR -> new HandshakeFailure(WRONG_KEY,
                    text + "; the peer could not verify our Finished: wrong PSK identity or key");
            case UNKNOWN_PSK_IDENTITY -> new HandshakeFailure(UNKNOWN_IDENTITY, text);
            case BAD_CERTIFICATE, UNSUPPORTED_CERTIFICATE, CERTIFICATE_REVOKED, CERTIFICATE_EXPIRED, CERTIFICATE_UNKNOWN,
                    UNKNOWN_CA, ACCESS_DENIED -> new HandshakeFailure(CERTIFICATE, text);
            case HANDSHAKE_FAILURE, INSUFFICIENT_SECURITY -> new HandshakeFailure(
                    String.valueOf(e.getMessage()).contains("cipher suite") || description == AlertDescription.INSUFFICIENT_SECURITY
                            ? NO_COMMON_CIPHER_SUITE : OTHER,
                    text + (String.valueOf(e.getMessage()).startsWith("Received") ? "; no common cipher suite or parameters?" : ""));
            default -> new HandshakeFailure(OTHER, text);
        };
    }
}
