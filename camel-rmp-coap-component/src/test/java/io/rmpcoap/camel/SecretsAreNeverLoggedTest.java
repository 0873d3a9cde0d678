package io.rmpcoap.camel;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import io.rmpcoap.camel.test.LogCapture;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.Test;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With every logger at DEBUG, a PSK consumer and producers that succeed and fail leave no key, password or derived key
 * in the log, in exception messages or in the endpoints' URIs as Camel shows them (toString; getEndpointUri is the raw lookup key),
 * nor does an AuthToken in a proxyUri.
 */
class SecretsAreNeverLoggedTest {

    private static final String PASSWORD = "s3cret-Passw0rd";
    private static final String KEY = PskKeys.hexKey(PASSWORD);
    private static final String WRONG_PASSWORD = "Wr0ng-Passw0rd";
    private static final String STORE_PASSWORD = "Trust-St0re-Pw";
    private static final String TOKEN = "aGVsbG86czNjcmV0LVBhc3N3MHJk"; // hello:s3cret-Passw0rd

    @Test
    void debugLogsExceptionsAndEndpointUrisNeverShowKeysOrPasswords() throws Exception {
        String log;
        List<String> uris;
        String failure;
        try (LogCapture capture = LogCapture.debug()) {
            CamelContext context = new DefaultCamelContext();
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("rmpcoap:coaps://127.0.0.1:0/secure?pskIdentity=hello&pskKey=" + KEY).routeId("secure")
                            .setBody(constant("ok"));
                }
            });
            context.start();
            try {
                int port = port(context, "secure");
                String base = "rmpcoap:coaps://127.0.0.1:" + port + "/secure?pskIdentity=hello&timeout=3000";
                Exchange good = context.createProducerTemplate().request(base + "&pskPassword=" + PASSWORD, e -> {
                });
                assertEquals("ok", good.getMessage().getBody(String.class), String.valueOf(good.getException()));

                Exchange wrongKey = context.createProducerTemplate().request(
                        base + "&pskKey=" + PskKeys.hexKey(WRONG_PASSWORD), e -> {
                        });
                Exchange wrongPassword = context.createProducerTemplate().request(
                        base + "&pskPassword=" + WRONG_PASSWORD + "&trustStorePassword=" + STORE_PASSWORD, e -> {
                        });
                assertNotNull(wrongKey.getException(), "a wrong key must fail");
                assertNotNull(wrongPassword.getException(), "a wrong password must fail");
                failure = stackTrace(wrongKey.getException()) + stackTrace(wrongPassword.getException());
                uris = new java.util.ArrayList<>(context.getEndpoints().stream().map(Object::toString).toList());
            } finally {
                context.stop();
            }
            log = capture.text();
            // after the log was taken: Camel 4.17's own DEBUG line on creating an endpoint masks only the first of the
            // options named by a component's extra keywords (pskKey, proxyUri; SECURITY.md); the endpoint masks all
            CamelContext other = new DefaultCamelContext();
            other.start();
            uris.add(other.getEndpoint("rmpcoap:coap://127.0.0.1:9/x?pskIdentity=hello&pskKey=" + KEY
                                       + "&proxyUri=RAW(http://127.0.0.1:9/api?key=" + TOKEN + "&a=1)").toString());
            other.stop();
            assertTrue(capture.size() > 100, "DEBUG logging must really be on, saw " + capture.size() + " lines");
        }
        for (String secret : List.of(PASSWORD, KEY, WRONG_PASSWORD, PskKeys.hexKey(WRONG_PASSWORD), STORE_PASSWORD, TOKEN,
                Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.US_ASCII)))) {
            assertFalse(log.contains(secret), "the DEBUG log shows a secret:\n" + excerpt(log, secret));
            assertFalse(failure.contains(secret), "an exception shows a secret:\n" + failure);
            assertFalse(String.join("\n", uris).contains(secret), "an endpoint URI shows a secret: " + uris);
        }
    }

    private static String stackTrace(Throwable error) {
        java.io.StringWriter text = new java.io.StringWriter();
        error.printStackTrace(new java.io.PrintWriter(text));
        return text.toString();
    }

    private static String excerpt(String log, String secret) {
        int at = log.indexOf(secret);
        int start = log.lastIndexOf('\n', at) + 1;
        int end = log.indexOf('\n', at);
        return log.substring(start, end < 0 ? log.length() : end);
    }
}
