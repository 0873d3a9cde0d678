package io.rmpcoap.routes;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
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
 * authentication, the method, Content-Type and Accept. A request it refuses gets its CoAP code and stops the route, so
 * the API is never called. The token is never logged and never left in a header other than {@code Authorization}.
 */
public class AuthTokenProcessor implements Processor {

    /** Exchange property: the URL (without the token) the request is forwarded to. */
    public static final String TARGET = "rmpGatewayTarget";

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
        // only what rmpcoap itself derived from the CoAP request steers the HTTP call
        message.getHeaders().keySet().removeIf(name -> !name.startsWith("CamelRmpCoap"));
        // a device using Proxy-Scheme sends the token as a Uri-Query option, which the consumer also puts here
        removeTokenFromUriQuery(message);
        String method = message.getHeader(RmpCoapConstants.REQUEST_METHOD, String.class);
        TargetPolicy.Decision decision = policy.decide(message.getHeader(RmpCoapConstants.REQUEST_PROXY_URI, String.class));
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
        List<String> kept = new ArrayList<>();
        List<String> tokens = new ArrayList<>();
        if (uri.getRawQuery() != null) {
            for (String parameter : uri.getRawQuery().split("&")) {
                int equals = parameter.indexOf('=');
                String name = decode(equals < 0 ? parameter : parameter.substring(0, equals));
                if (TOKEN_PARAMETER.equals(name)) {
                    tokens.add(equals < 0 ? "" : decode(parameter.substring(equals + 1)));
                } else if (!parameter.isEmpty()) {
                    kept.add(parameter);
                }
            }
        }
        if (tokens.size() != 1) {
            reject(exchange, ResponseCode.UNAUTHORIZED, tokens.isEmpty() ? "no-token" : "bad-token",
                    tokens.isEmpty() ? "no AuthToken (key parameter)" : "more than one key parameter");
            return;
        }
        Credentials credentials;
        try {
            credentials = AuthTokens.decode(tokens.get(0));
        } catch (InvalidTokenException e) {
            reject(exchange, ResponseCode.UNAUTHORIZED, "bad-token", e.getMessage());
            return;
        }
        String identity = message.getHeader(RmpCoapConstants.PSK_IDENTITY, String.class);
        if (requireIdentityMatch && identity != null && !identity.equals(credentials.user())) {
            reject(exchange, ResponseCode.FORBIDDEN, "identity-mismatch",
                    "the AuthToken's user is not the device's PSK identity");
            return;
        }
        String target = uri.getScheme().toLowerCase(Locale.ROOT) + "://" + uri.getRawAuthority()
                        + (uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath())
                        + (kept.isEmpty() ? "" : "?" + String.join("&", kept));
        message.setHeader(RmpCoapConstants.REQUEST_PROXY_URI, target);
        exchange.setProperty(TARGET, target);
        message.setHeader(Exchange.HTTP_URI, target);
        // as vertx-http's own type, so that it is not converted on every request
        message.setHeader(Exchange.HTTP_METHOD, httpMethod);
        message.setHeader("Authorization", AuthTokens.basicAuthorization(credentials));
        Integer contentFormat = message.getHeader(RmpCoapConstants.REQUEST_CONTENT_FORMAT, Integer.class);
        String contentType = contentFormat == null ? null : ContentFormats.toContentType(contentFormat);
        if (contentType != null) {
            message.setHeader(Exchange.CONTENT_TYPE, contentType);
        }
        Integer accept = message.getHeader(RmpCoapConstants.REQUEST_ACCEPT, Integer.class);
        String acceptType = accept == null ? null : ContentFormats.toContentType(accept);
        if (acceptType != null) {
            message.setHeader("Accept", acceptType);
        }
        LOG.debug("{} {} for user {}", httpMethod, target, credentials.user());
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

    private static void removeTokenFromUriQuery(Message message) {
        String uriQuery = message.getHeader(RmpCoapConstants.REQUEST_URI_QUERY, String.class);
        if (uriQuery == null) {
            return;
        }
        List<String> kept = new ArrayList<>();
        for (String parameter : uriQuery.split("&")) {
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            if (!TOKEN_PARAMETER.equals(name) && !TOKEN_PARAMETER.equals(decodeLeniently(name)) && !parameter.isEmpty()) {
                kept.add(parameter);
            }
        }
        if (kept.isEmpty()) {
            message.removeHeader(RmpCoapConstants.REQUEST_URI_QUERY);
        } else {
            message.setHeader(RmpCoapConstants.REQUEST_URI_QUERY, String.join("&", kept));
        }
    }

    /** Uri-Query options are not percent-encoded, so a stray '%' must not fail the request. */
    private static String decodeLeniently(String text) {
        try {
            return decode(text);
        } catch (IllegalArgumentException e) {
            return text;
        }
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
        message.removeHeader(RmpCoapConstants.REQUEST_PROXY_URI);
        message.setBody(null);
        exchange.setRouteStop(true);
    }
}
