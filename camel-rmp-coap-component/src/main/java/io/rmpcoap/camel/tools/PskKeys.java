package io.rmpcoap.camel.tools;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The platform's PSK key: the 64-character lowercase hex of SHA-256(password), used as the ASCII bytes of that text.
 * libcoap's {@code -k} takes the key as literal text, so this is the form a device can be configured with on both
 * sides (the raw 32-byte digest would break on any zero byte).
 */
public final class PskKeys {

    private PskKeys() {
    }

    /** The key as text, e.g. for {@code coap-client -k}. */
    public static String hexKey(String password) {
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("The password must not be empty");
        }
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("Every Java runtime has SHA-256", e);
        }
    }

    /** The key bytes DTLS uses for a password. */
    public static byte[] keyBytes(String password) {
        return keyBytesOf(hexKey(password));
    }

    /** The key bytes DTLS uses for a key given as text (the ASCII bytes of that text). */
    public static byte[] keyBytesOf(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("The PSK key must not be empty");
        }
        for (int i = 0; i < key.length(); i++) {
            if (key.charAt(i) < 0x21 || key.charAt(i) > 0x7e) {
                throw new IllegalArgumentException("The PSK key must be printable ASCII text without spaces");
            }
        }
        return key.getBytes(StandardCharsets.US_ASCII);
    }
}
