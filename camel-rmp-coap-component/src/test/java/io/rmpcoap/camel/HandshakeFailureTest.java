package io.rmpcoap.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rmpcoap.camel.test.LogCapture;
import io.rmpcoap.camel.test.TestPki;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.rmpcoap.camel.test.TestPki.PASSWORD;
import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A failed DTLS handshake fails the exchange at once with {@link RmpCoapHandshakeException} (not a timeout), and the
 * consumer logs it once per device and reason and counts it by reason.
 */
class HandshakeFailureTest extends CamelTestSupport {

    /** Far above what a failed handshake may take, so that a timeout cannot pass for a handshake failure. */
    private static final int TIMEOUT = 30_000;
    private static final long WELL_BEFORE_TIMEOUT_MS = 10_000;

    @TempDir
    static Path dir;
    static TestPki pki;

    @BindToRegistry("meters")
    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected RouteBuilder createRouteBuilder() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        Path store = Files.writeString(dir.resolve("devices.properties"), "hello=" + PskKeys.hexKey("world") + "\n");
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coaps://127.0.0.1:0/secure?pskStoreFile=file:" + store).routeId("psk")
                        .setBody(constant("secret"));
                from("rmpcoap:coaps://127.0.0.1:0/closed?keyStore=" + pki.server().keyStoreUri() + "&keyStorePassword="
                     + PASSWORD + "&trustStore=" + pki.ca().trustStoreUri() + "&trustStorePassword=" + PASSWORD
                     + "&clientAuthentication=NEEDED").routeId("cert")
                        .setBody(constant("secret"));
            }
        };
    }

    private Exchange send(String routeId, String path, String options) {
        return template.request("rmpcoap:coaps://127.0.0.1:" + port(context, routeId) + "/" + path + "?timeout=" + TIMEOUT
                                + "&" + options, e -> {
                                });
    }

    private RmpCoapHandshakeException handshakeFailure(Exchange answer, long startedNanos) {
        long elapsedMs = (System.nanoTime() - startedNanos) / 1_000_000;
        RmpCoapHandshakeException e = assertInstanceOf(RmpCoapHandshakeException.class, answer.getException(),
                String.valueOf(answer.getException()));
        assertTrue(elapsedMs < WELL_BEFORE_TIMEOUT_MS, "failed only after " + elapsedMs + " ms");
        assertTrue(e.getMessage().startsWith("DTLS handshake with coaps://127.0.0.1:"), e.getMessage());
        return e;
    }

    private double failures(String role, String reason) {
        Counter counter = meters.find("rmpcoap.dtls.handshakes").tags("role", role, "result", "failure", "reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static long linesWith(LogCapture log, String text) {
        return Arrays.stream(log.text().split("\n")).filter(l -> l.contains("HandshakeFailureListener") && l.contains(text))
                .count();
    }

    @Test
    void wrongPskFailsTheExchangeWithAHandshakeErrorAtOnceAndTheConsumerLogsItOncePerDevice() {
        try (LogCapture log = LogCapture.debug()) {
            for (int i = 0; i < 2; i++) {
                long start = System.nanoTime();
                Exchange answer = send("psk", "secure", "pskIdentity=hello&pskPassword=not-world");
                RmpCoapHandshakeException e = handshakeFailure(answer, start);
                assertEquals("wrong-key", e.getReason());
                assertTrue(e.getMessage().contains("decrypt_error"), e.getMessage());
                assertFalse(e.getMessage().contains("not-world") || e.getMessage().contains(PskKeys.hexKey("not-world")),
                        e.getMessage());
            }
            await().until(() -> failures("server", "wrong-key") == 2);
            assertEquals(1, linesWith(log, "failed (wrong-key)"), log.text());
            assertEquals(1, linesWith(log, "(identity hello) failed (wrong-key)"), "identity and address are logged");
            assertFalse(log.text().contains(PskKeys.hexKey("not-world")), "the key is never logged");
        }
        assertEquals(0, failures("server", "unknown-identity"));
    }

    @Test
    void unknownIdentityGetsTheSameAnswerAsAWrongKeyButTheConsumerLogsWhichItWas() {
        try (LogCapture log = LogCapture.debug()) {
            long start = System.nanoTime();
            Exchange answer = send("psk", "secure", "pskIdentity=stranger&pskPassword=world");
            assertEquals("wrong-key", handshakeFailure(answer, start).getReason(),
                    "the device cannot tell an unknown identity from a wrong key");
            await().until(() -> failures("server", "unknown-identity") == 1);
            assertEquals(1, linesWith(log, "(identity stranger) failed (unknown-identity)"), log.text());
        }
    }

    @Test
    void untrustedClientCertificateFailsTheExchangeAtOnceAndIsLogged() {
        try (LogCapture log = LogCapture.debug()) {
            long start = System.nanoTime();
            Exchange answer = send("cert", "closed", "keyStore=" + pki.rogueClient().keyStoreUri() + "&keyStorePassword="
                                                     + PASSWORD + "&trustStore=" + pki.ca().trustStoreUri()
                                                     + "&trustStorePassword=" + PASSWORD);
            RmpCoapHandshakeException e = handshakeFailure(answer, start);
            assertEquals("certificate", e.getReason(), e.getMessage());
            await().until(() -> failures("server", "certificate") == 1);
            assertEquals(1, linesWith(log, "failed (certificate)"), log.text());
        }
    }

    @Test
    void noCommonCipherSuiteFailsTheExchangeAtOnceAndIsLogged() {
        try (LogCapture log = LogCapture.debug()) {
            long start = System.nanoTime();
            // a certificate client (it offers only TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8) against a PSK-only consumer
            Exchange answer = send("psk", "secure", "trustStore=" + pki.ca().trustStoreUri() + "&trustStorePassword="
                                                    + PASSWORD);
            handshakeFailure(answer, start);
            await().until(() -> failures("server", "no-common-cipher-suite") == 1);
            assertEquals(1, linesWith(log, "failed (no-common-cipher-suite)"), log.text());
        }
    }

    @Test
    void theRightKeyStillWorks() {
        Exchange answer = send("psk", "secure", "pskIdentity=hello&pskPassword=world");
        assertEquals("secret", answer.getMessage().getBody(String.class), String.valueOf(answer.getException()));
    }
}
