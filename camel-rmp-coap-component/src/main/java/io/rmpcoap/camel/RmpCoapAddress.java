package io.rmpcoap.camel;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

/**
 * Where an endpoint's CoAP server is: scheme, host, port and path, from the endpoint URI and its provider. Holds no
 * secret, so it is what error messages and logs name.
 */
record RmpCoapAddress(String scheme, String host, int port, String path) {

    static final String COAP = "coap";
    static final String COAPS = "coaps";
    /** CoAP over TCP and over TLS (RFC 8323). */
    static final String COAP_TCP = "coap+tcp";
    static final String COAPS_TCP = "coaps+tcp";
    private static final List<String> SCHEMES = List.of(COAP, COAPS, COAP_TCP, COAPS_TCP);

    /** The URI forms rmpcoap accepts, shown in its error messages. */
    static final String FORMS = "rmpcoap:coap://host[:port][/path], rmpcoap:coaps://host[:port][/path] (or coap+tcp, "
                                + "coaps+tcp) or rmpcoap:/path?provider=#bean";

    /**
     * @param uri      the endpoint's remaining part, e.g. {@code coap://host:5683/valve} or, with a provider, {@code /valve};
     *                 camel-coap's form without {@code //} ({@code coap:host:5683/valve}) is accepted too. Path segments
     *                 in braces ({@code users/{id}}) are kept as they are, for consumers that match path templates.
     * @param provider supplies scheme, host and port that the URI lacks; may be null
     */
    static RmpCoapAddress parse(String uri, RmpCoapProvider provider) {
        String shown = withoutUserInfo(uri);
        URI parsed;
        try {
            parsed = new URI(withAuthority(uri.startsWith("//") ? uri.substring(1) : uri).replace("{", "%7B").replace("}", "%7D"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Invalid rmpcoap URI " + shown + ": " + e.getReason() + "; use " + FORMS);
        }
        if (parsed.getRawAuthority() != null && parsed.getRawAuthority().contains("@")) {
            throw new IllegalArgumentException("The rmpcoap URI must not carry user info; use pskIdentity and pskKey");
        }
        if (parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
            throw new IllegalArgumentException("The rmpcoap URI path must not carry a query or fragment; use uriQuery");
        }
        String scheme = parsed.getScheme() != null ? parsed.getScheme() : provider != null ? provider.getScheme() : null;
        String host = parsed.getHost() != null ? parsed.getHost() : provider != null ? provider.getHost() : null;
        if (parsed.getScheme() == null && provider == null) {
            throw new IllegalArgumentException(
                    "The rmpcoap URI " + shown + " needs a scheme and host or a provider: use " + FORMS);
        }
        if (scheme == null || !SCHEMES.contains(scheme.toLowerCase(Locale.ROOT))) {
            throw new IllegalArgumentException("Unsupported scheme " + scheme + " in rmpcoap URI " + shown
                                               + ": use coap, coaps, coap+tcp or coaps+tcp, e.g. " + FORMS);
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("The rmpcoap URI " + shown + " has no host: use " + FORMS);
        }
        int port = parsed.getPort() != -1 ? parsed.getPort()
                : provider != null && provider.getPort() != null ? provider.getPort()
                : COAPS.equals(scheme) || COAPS_TCP.equals(scheme) ? 5684 : 5683;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Invalid port " + port + " in rmpcoap URI " + shown);
        }
        String path = parsed.getPath() == null ? "" : parsed.getPath();
        while (path.startsWith("/")) {
            path = path.substring(1);
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new RmpCoapAddress(scheme, host, port, path);
    }

    /** camel-coap's {@code coap:host:port/path} (no {@code //}) as {@code coap://host:port/path}. */
    private static String withAuthority(String uri) {
        int colon = uri.indexOf(':');
        if (colon > 0 && colon + 1 < uri.length() && uri.charAt(colon + 1) != '/') {
            String scheme = uri.substring(0, colon).toLowerCase(Locale.ROOT);
            if (SCHEMES.contains(scheme)) {
                return uri.substring(0, colon) + "://" + uri.substring(colon + 1);
            }
        }
        return uri;
    }

    /** The URI for messages: user info (which may hold a password) is left out. */
    private static String withoutUserInfo(String uri) {
        int at = uri.indexOf('@');
        if (at < 0) {
            return uri;
        }
        int authority = uri.indexOf("//");
        int slash = uri.indexOf('/', authority < 0 ? 0 : authority + 2);
        if (slash >= 0 && slash < at) {
            return uri;
        }
        int start = authority >= 0 ? authority + 2 : uri.indexOf(':') + 1;
        return uri.substring(0, start) + uri.substring(at + 1);
    }

    /** coaps (DTLS) or coaps+tcp (TLS). */
    boolean secure() {
        return COAPS.equals(scheme) || COAPS_TCP.equals(scheme);
    }

    /** coap+tcp or coaps+tcp (RFC 8323): one connection per peer, no message types, no DTLS. */
    boolean tcp() {
        return COAP_TCP.equals(scheme) || COAPS_TCP.equals(scheme);
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + port + "/" + path;
    }
}
