package io.rmpcoap.routes;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

import io.rmpcoap.camel.RmpCoapConstants;
import io.rmpcoap.camel.mapping.ContentFormats;
import io.rmpcoap.camel.tools.AuthTokens;
import io.rmpcoap.camel.tools.AuthTokens.Credentials;
import io.rmpcoap.camel.tools.AuthTokens.InvalidTokenException;
import io.vertx.core.http.HttpMethod;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a device's Proxy-Uri into the HTTP request of the gateway: checks the target against the {@link TargetPolicy},
 * takes the AuthToken from the {@code key} query parameter, removes it from the URL and sets HTTP Basic
 * authentication, the method, Content-Type and Accept: the message leaves it with these headers only (the CoAP
 * request's headers are dropped once read). A request it refuses gets its CoAP code and stops the route, so the API is
 * never called. The token is never logged and never left in a header other than {@code Authorization}.
 */
public class AuthTokenProcessor implements Processor {

    /**
     * Exchange property: the URL (without the token) the request is forwarded to, once it passed the allow-list. It is
     * the consumer's {@link RmpCoapConstants#METRICS_TARGET}, so the request meter is tagged with its host: a target
     * the route declared, never what a device named.
     */
    public static final String TARGET = RmpCoapConstants.METRICS_TARGET;

    private static final Logger LOG = LoggerFactory.getLogger(AuthTokenProcessor.class);
    private static final String TOKEN_PARAMETER = "key";

    private final TargetPolicy policy;
    private final boolean requireIdentityMatch;

    /**
     * @param allowedTargets       comma-separated Composite API URL prefixes or host names (see {@link TargetPolicy})
     * @param requireIdentityMatch whether the token's user must equal the device's PSK identity
     */
    public AuthTokenProcessor(String allowedTargets, boolean requireIdentityMatch) {
        this.policy = new TargetPolicy(allowedTargets);
        this.requireIdentityMatch = requireIdentityMatch;
    }

    @Override
    public void process(Exchange exchange) {
        Message message = exchange.getMessage();
        String method = message.getHeader(RmpCoapConstants.REQUEST_METHOD, String.class);
        String proxyUri = message.getHeader(RmpCoapConstants.REQUEST_PROXY_URI, String.class);
        String identity = message.getHeader(RmpCoapConstants.PSK_IDENTITY, String.class);
        Integer contentFormat = message.getHeader(RmpCoapConstants.REQUEST_CONTENT_FORMAT, Integer.class);
        Integer accept = message.getHeader(RmpCoapConstants.REQUEST_ACCEPT, Integer.class);
        // the HTTP call is steered by the headers set below and nothing else: none that a device, an earlier step or
        // the CoAP request brought along goes on (a Proxy-Uri or Uri-Query header holds the token), and the HTTP
        // leg's header filter has only these to look at
        message.getHeaders().clear();
        TargetPolicy.Decision decision = policy.decide(proxyUri);
        switch (decision.verdict()) {
            case NOT_HTTP -> {
                reject(exchange, ResponseCode.PROXY_NOT_SUPPORTED, "not-http", "the Proxy-Uri is not an http(s) URL");
                return;
            }
            case DENIED -> {
                reject(exchange, ResponseCode.FORBIDDEN, "target-not-allowed",
                        "the Proxy-Uri target is not on the allow-list");
                return;
            }
            default -> {
            }
        }
        HttpMethod httpMethod = httpMethod(method);
        if (httpMethod == null) {
            reject(exchange, ResponseCode.METHOD_NOT_ALLOWED, "method-not-allowed",
                    "CoAP method " + method + " has no HTTP equivalent");
            return;
        }
        URI uri = decision.target();
        String query = uri.getRawQuery();
        StringBuilder kept = null;
        String token = null;
        int tokens = 0;
        // the parameters between the '&'s: the token is taken out, the others are kept as they came
        for (int start = 0, end; query != null && start < query.length(); start = end + 1) {
            end = query.indexOf('&', start);
            if (end < 0) {
                end = query.length();
            }
            int equals = query.indexOf('=', start);
            int nameEnd = equals < 0 || equals > end ? end : equals;
            if (isTokenName(query, start, nameEnd)) {
                token = nameEnd == end ? "" : decode(query.substring(nameEnd + 1, end));
                tokens++;
            } else if (end > start) {
                kept = (kept == null ? new StringBuilder("?") : kept.append('&')).append(query, start, end);
            }
        }
        if (tokens != 1) {
            reject(exchange, ResponseCode.UNAUTHORIZED, tokens == 0 ? "no-token" : "bad-token",
                    tokens == 0 ? "no AuthToken (key parameter)" : "more than one key parameter");
            return;
        }
        Credentials credentials;
        try {
            credentials = AuthTokens.decode(token);
        } catch (InvalidTokenException e) {
            reject(exchange, ResponseCode.UNAUTHORIZED, "bad-token", e.getMessage());
            return;
        }
        if (requireIdentityMatch && identity != null && !identity.equals(credentials.user())) {
            reject(exchange, ResponseCode.FORBIDDEN, "identity-mismatch",
                    "the AuthToken's user is not the device's PSK identity");
            return;
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String target = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority() + path
                        + (kept == null ? "" : kept);
        exchange.setProperty(TARGET, target);
        message.setHeader(Exchange.HTTP_URI, target);
        // as vertx-http's own type, so that it is not converted on every request
        message.setHeader(Exchange.HTTP_METHOD, httpMethod);
        message.setHeader("Authorization", AuthTokens.basicAuthorization(credentials));
        String contentType = contentFormat == null ? null : ContentFormats.toContentType(contentFormat);
        if (contentType != null) {
            message.setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        String acceptType = accept == null ? null : ContentFormats.toContentType(accept);
        if (acceptType != null) {
            message.setHeader("Accept", acceptType);
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {} for user {}", httpMethod, target, credentials.user());
        }
    }

    private static HttpMethod httpMethod(String coapMethod) {
        if (coapMethod == null) {
            return null;
        }
        return switch (coapMethod) {
            case "GET", "POST", "PUT", "DELETE", "PATCH" -> HttpMethod.valueOf(coapMethod);
            case "IPATCH" -> HttpMethod.PATCH;
            default -> null;
        };
    }

    /** Whether the query's name from {@code start} to {@code end} is the token's, percent-decoded. */
    private static boolean isTokenName(String query, int start, int end) {
        return end - start == TOKEN_PARAMETER.length() && query.startsWith(TOKEN_PARAMETER, start)
               || query.lastIndexOf('%', end - 1) >= start && TOKEN_PARAMETER.equals(decode(query.substring(start, end)));
    }

    /** Percent-decoding only: a Base64 token's '+' is not a space. */
    private static String decode(String text) {
        // without a '%' there is nothing to decode (the usual name and token)
        return text.indexOf('%') < 0 ? text : URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /** Answers {@code code}; the consumer logs and counts the refusal by {@code reason} (RmpCoapConstants.REFUSAL_REASON). */
    private static void reject(Exchange exchange, ResponseCode code, String reason, String detail) {
        LOG.debug("Refusing the request with {} ({}): {}", code.text, reason, detail);
        Message message = exchange.getMessage();
        message.setHeader(RmpCoapConstants.RESPONSE_CODE, code.text);
        message.setHeader(RmpCoapConstants.REFUSAL_REASON, reason);
        message.setBody(null);
        exchange.setRouteStop(true);
    }
}
