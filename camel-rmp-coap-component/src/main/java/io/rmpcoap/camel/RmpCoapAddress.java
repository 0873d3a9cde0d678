package io.rmpcoap.camel;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where an endpoint's CoAP server is: scheme, host, port and path, from the endpoint URI and its provider. Holds no
 * secret, so it is what error messages and logs name.
 */
record RmpCoapAddress(String scheme, String host, int port, String path) {

    static final String COAP = "coap";
    static final String COAPS = "coaps";

    /**
     * @param uri      the endpoint's remaining part, e.g. {@code coap://host:5683/valve} or, with a provider, {@code /valve}
     * @param provider supplies scheme, host and port that the URI lacks; may be null
     */
    static RmpCoapAddress parse(String uri, RmpCoapProvider provider) {
        // messages never repeat the URI: it could carry user info (a password) or other secrets
        URI parsed;
        try {
            parsed = new URI(uri.startsWith("//") ? uri.substring(1) : uri);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("Invalid rmpcoap URI: " + e.getReason() + " at index " + e.getIndex());
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
                    "The rmpcoap URI needs a scheme and host (coap://host[:port]/path) or a provider");
        }
        if (scheme == null || !(COAP.equals(scheme.toLowerCase(Locale.ROOT)) || COAPS.equals(scheme.toLowerCase(Locale.ROOT)))) {
            throw new IllegalArgumentException("Unsupported scheme " + scheme + " in the rmpcoap URI: use coap or coaps");
        }
        scheme = scheme.toLowerCase(Locale.ROOT);
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("The rmpcoap URI has no host");
        }
        int port = parsed.getPort() != -1 ? parsed.getPort()
                : provider != null && provider.getPort() != null ? provider.getPort()
                : COAPS.equals(scheme) ? 5684 : 5683;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Invalid port " + port + " in the rmpcoap URI");
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

    boolean secure() {
        return COAPS.equals(scheme);
    }

    @Override
    public String toString() {
        String h = host.indexOf(':') >= 0 ? "[" + host + "]" : host;
        return scheme + "://" + h + ":" + port + "/" + path;
    }
}
