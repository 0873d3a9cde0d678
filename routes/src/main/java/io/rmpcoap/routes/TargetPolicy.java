package io.rmpcoap.routes;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Which Proxy-Uri targets the gateway may call, so that it is never an open proxy. An entry is a URL prefix
 * ({@code https://api.example.com/composite/}: same scheme, host and port, path below the prefix) or a bare host name
 * ({@code api.example.com}: http or https on the default port, any path).
 * <p>
 * Hosts are compared exactly, after lower-casing: an address literal in any spelling (decimal, octal, hex, IPv6,
 * IPv4-mapped) reaches only an entry that lists exactly that spelling, so loopback, link-local and private addresses are
 * denied unless listed. URLs with user info, percent-encoded or backslash characters in the authority, and paths with
 * dot segments (also {@code ..;param}, which servlet containers read as {@code ..}), empty segments or encoded slashes
 * or dots are denied outright, because servers and proxies disagree on what they mean.
 */
public final class TargetPolicy {

    /** RFC 7252 limits Proxy-Uri to 1034 bytes. */
    static final int MAX_LENGTH = 1034;

    /** Encoded dots and slashes, backslashes, empty segments and dot segments, also with a path parameter ({@code ..;x}). */
    private static final Pattern PATH_TRICKS = Pattern.compile("(?i)%2e|%2f|%5c|\\\\|//|(^|/)\\.\\.?(;[^/]*)?(/|$)");

    /** What the policy says about a Proxy-Uri. */
    public enum Verdict {
        /** An http or https URL on the allow-list. */
        ALLOWED,
        /** Not http or https: 5.05 Proxying Not Supported. */
        NOT_HTTP,
        /** Not on the allow-list, or not a URL the gateway can vouch for: 4.03 Forbidden. */
        DENIED
    }

    private record Entry(String scheme, String host, int port, String pathPrefix, String below) {

        Entry(String scheme, String host, int port, String pathPrefix) {
            this(scheme, host, port, pathPrefix, pathPrefix.endsWith("/") ? pathPrefix : pathPrefix + "/");
        }

        boolean matches(String scheme, String host, int port, String path) {
            if (!this.host.equals(host)) {
                return false;
            }
            if (this.scheme == null) {
                return port == defaultPort(scheme);
            }
            return this.scheme.equals(scheme) && this.port == port && (path.equals(pathPrefix) || path.startsWith(below));
        }
    }

    private final List<Entry> entries;

    /**
     * @param allowedTargets comma-separated URL prefixes and host names
     * @throws IllegalArgumentException when the list is empty or an entry is not a plain http(s) URL or host name
     */
    public TargetPolicy(String allowedTargets) {
        List<Entry> parsed = new ArrayList<>();
        for (String entry : allowedTargets == null ? new String[0] : allowedTargets.split(",")) {
            if (!entry.isBlank()) {
                parsed.add(entry(entry.trim()));
            }
        }
        if (parsed.isEmpty()) {
            throw new IllegalArgumentException("rmp.gateway.allowedTargets must name at least one Composite API URL "
                                               + "prefix or host; the gateway is never an open proxy");
        }
        this.entries = List.copyOf(parsed);
    }

    private static Entry entry(String text) {
        if (!text.contains("://")) {
            if (!text.matches("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]")) {
                throw new IllegalArgumentException("Allowed target '" + text + "' is neither a URL prefix nor a host name");
            }
            return new Entry(null, normalizeHost(text), -1, "/");
        }
        URI uri = parse(text);
        if (uri == null || !isHttp(uri.getScheme()) || uri.getHost() == null || uri.getRawUserInfo() != null
            || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("Allowed target '" + text + "' must be an http(s) URL prefix without "
                                               + "user info, query or fragment");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        return new Entry(scheme, normalizeHost(uri.getHost()), effectivePort(scheme, uri.getPort()), path);
    }

    /** A verdict and, when the target is allowed, the Proxy-Uri parsed, so that callers need not parse it again. */
    public record Decision(Verdict verdict, URI target) {

        private static final Decision NOT_HTTP = new Decision(Verdict.NOT_HTTP, null);
        private static final Decision DENIED = new Decision(Verdict.DENIED, null);
    }

    /** The verdict on a Proxy-Uri. */
    public Verdict check(String proxyUri) {
        return decide(proxyUri).verdict();
    }

    /** The verdict on a Proxy-Uri, with the parsed URI when it is allowed. */
    public Decision decide(String proxyUri) {
        if (proxyUri == null) {
            return Decision.NOT_HTTP;
        }
        // the scheme is what precedes the first ':'; it is http or https exactly when the text starts with one of them
        if (!proxyUri.regionMatches(true, 0, "http:", 0, 5) && !proxyUri.regionMatches(true, 0, "https:", 0, 6)) {
            return Decision.NOT_HTTP;
        }
        URI uri = proxyUri.length() > MAX_LENGTH ? null : parse(proxyUri);
        return uri != null && isAllowed(uri) ? new Decision(Verdict.ALLOWED, uri) : Decision.DENIED;
    }

    private boolean isAllowed(URI uri) {
        if (uri.isOpaque() || uri.getHost() == null || uri.getRawUserInfo() != null) {
            return false;
        }
        String authority = uri.getRawAuthority();
        if (authority.indexOf('@') >= 0 || authority.indexOf('%') >= 0 || authority.indexOf('\\') >= 0) {
            return false;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (mayHidePathTricks(path) && PATH_TRICKS.matcher(path).find()) {
            return false;
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        String host = normalizeHost(uri.getHost());
        int port = effectivePort(scheme, uri.getPort());
        for (Entry entry : entries) {
            if (entry.matches(scheme, host, port, path)) {
                return true;
            }
        }
        return false;
    }

    /** Whether the path has a character every {@link #PATH_TRICKS} match needs; most API paths have none. */
    private static boolean mayHidePathTricks(String path) {
        return path.indexOf('.') >= 0 || path.indexOf('%') >= 0 || path.indexOf('\\') >= 0 || path.contains("//");
    }

    private static URI parse(String text) {
        try {
            return new URI(text);
        } catch (URISyntaxException e) {
            return null;
        }
    }

    private static boolean isHttp(String scheme) {
        return "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
    }

    private static String normalizeHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        return lower.endsWith(".") ? lower.substring(0, lower.length() - 1) : lower;
    }

    private static int effectivePort(String scheme, int port) {
        return port == -1 ? defaultPort(scheme) : port;
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }
}
