package io.rmpcoap.camel.tools;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The platform's AuthToken: {@code Base64(user:password)}, appended to a Composite API URL as {@code key=...}. The
 * gateway turns it into HTTP Basic authentication, whose credentials have the same form.
 */
public final class AuthTokens {

    private AuthTokens() {
    }

    /** The user and password a token carries; {@link #toString()} never shows the password. */
    public record Credentials(String user, String password) {

        @Override
        public String toString() {
            return "Credentials[user=" + user + ", password=xxxxxx]";
        }
    }

    /** A token that is missing or not {@code Base64(user:password)}; the message never contains the token. */
    public static final class InvalidTokenException extends Exception {

        InvalidTokenException(String message) {
            super(message);
        }
    }

    /** The token for a user and password; the user must not contain a colon (Basic authentication cannot carry it). */
    public static String encode(String user, String password) {
        if (user == null || user.isEmpty() || user.indexOf(':') >= 0) {
            throw new IllegalArgumentException("The user name must be non-empty and without ':'");
        }
        if (password == null) {
            throw new IllegalArgumentException("The password must not be null");
        }
        return Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The credentials in a token (standard or URL-safe Base64, padding optional). */
    public static Credentials decode(String token) throws InvalidTokenException {
        if (token == null || token.isBlank()) {
            throw new InvalidTokenException("The AuthToken is missing");
        }
        byte[] decoded;
        try {
            decoded = (token.indexOf('-') >= 0 || token.indexOf('_') >= 0 ? Base64.getUrlDecoder() : Base64.getDecoder())
                    .decode(token.trim());
        } catch (IllegalArgumentException e) {
            throw new InvalidTokenException("The AuthToken is not Base64");
        }
        String text = new String(decoded, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new InvalidTokenException("The AuthToken is not Base64(user:password)");
        }
        return new Credentials(text.substring(0, colon), text.substring(colon + 1));
    }

    /** The HTTP Authorization header value for the credentials. */
    public static String basicAuthorization(Credentials credentials) {
        return "Basic " + encode(credentials.user(), credentials.password());
    }
}
