package io.rmpcoap.camel;

import java.nio.file.Path;
import java.time.Duration;

import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.LibCoap;
import io.rmpcoap.camel.test.TestPki;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.rmpcoap.camel.test.TestRoutes.pattern;
import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rmpcoap against libcoap's OpenSSL tools over DTLS with certificates (TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8), with a
 * PKI generated for the test run: coap-client-openssl against the consumer, the producer against
 * coap-server-openssl (which listens for DTLS on its port + 1).
 */
class LibCoapCertificateInteropTest extends CamelTestSupport {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final String SUITE = "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8";
    private static final String PASSWORD = TestPki.PASSWORD;

    @TempDir
    static Path dir;

    static TestPki pki;

    @BeforeAll
    static void needsLibCoapAndAPki() {
        LibCoap.assumeAvailable();
        pki = TestPki.create(dir.resolve("pki"));
    }

    /** Further options of the consumers under test (a subclass runs the same tests against other settings). */
    String consumerOptions() {
        return "";
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        String serverKeyStore = "keyStore=" + pki.server().keyStoreUri() + "&keyStorePassword=" + PASSWORD
                                + "&cipherSuites=" + SUITE + consumerOptions();
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coaps://127.0.0.1:0/cert?" + serverKeyStore).routeId("cert")
                        .to("mock:cert")
                        .setBody(simple("${header.CamelRmpCoapRequestMethod} ${bodyAs(String)}"));
                from("rmpcoap:coaps://127.0.0.1:0/mutual?" + serverKeyStore + "&trustStore=" + pki.ca().trustStoreUri()
                     + "&trustStorePassword=" + PASSWORD + "&clientAuthentication=NEEDED")
                        .routeId("mutual")
                        .to("mock:mutual")
                        .setBody(simple("${header.CamelRmpCoapPrincipal}"));
            }
        };
    }

    private static String trustStoreOptions() {
        return "trustStore=" + pki.ca().trustStoreUri() + "&trustStorePassword=" + PASSWORD + "&cipherSuites=" + SUITE;
    }

    // ---- coap-client-openssl -> consumer ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "CON", "NON" })
    void libCoapClientTrustingTheCaReachesTheCertificateConsumer(String type) throws Exception {
        LibCoap.Result result = type.equals("NON")
                ? LibCoap.client(LIMIT, "-N", "-m", "post", "-e", "on", "-R", pki.ca().pem().toString(),
                        "coaps://127.0.0.1:" + port(context, "cert") + "/cert")
                : LibCoap.client(LIMIT, "-m", "post", "-e", "on", "-R", pki.ca().pem().toString(),
                        "coaps://127.0.0.1:" + port(context, "cert") + "/cert");
        assertEquals("POST on", result.stdout().trim(), result.describe());
    }

    @Test
    void libCoapClientCertificateSubjectReachesTheRouteWhenClientAuthenticationIsNeeded() throws Exception {
        LibCoap.Result result = LibCoap.client(LIMIT, "-R", pki.ca().pem().toString(),
                "-c", pki.client().certificatePem().toString(), "-j", pki.client().keyPem().toString(),
                "coaps://127.0.0.1:" + port(context, "mutual") + "/mutual");
        assertEquals(pki.client().subject(), result.stdout().trim(), result.describe());
    }

    @Test
    void libCoapClientTrustingAnotherCaGetsNothingAndNothingReachesTheRoute() throws Exception {
        LibCoap.Result result = LibCoap.client(LIMIT, "-B", "3", "-m", "post", "-e", "on",
                "-R", pki.rogueCa().pem().toString(), "coaps://127.0.0.1:" + port(context, "cert") + "/cert");
        assertFalse(result.stdout().contains("POST"), result.describe());
        assertEquals(0, getMockEndpoint("mock:cert").getReceivedCounter());
    }

    @Test
    void libCoapClientWithoutCertificateGetsNothingWhenClientAuthenticationIsNeeded() throws Exception {
        LibCoap.Result result = LibCoap.client(LIMIT, "-B", "3", "-R", pki.ca().pem().toString(),
                "coaps://127.0.0.1:" + port(context, "mutual") + "/mutual");
        assertFalse(result.stdout().contains("CN="), result.describe());
        assertEquals(0, getMockEndpoint("mock:mutual").getReceivedCounter());
    }

    // ---- producer -> coap-server-openssl ----

    private LibCoap.Server certificateServer(int port, boolean verifyClient) throws Exception {
        return verifyClient
                ? LibCoap.server("-A", "127.0.0.1", "-p", String.valueOf(port), "-d", "5",
                        "-c", pki.server().certificatePem().toString(), "-j", pki.server().keyPem().toString(),
                        "-R", pki.ca().pem().toString())
                : LibCoap.server("-A", "127.0.0.1", "-p", String.valueOf(port), "-d", "5",
                        "-c", pki.server().certificatePem().toString(), "-j", pki.server().keyPem().toString(), "-n");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "CON", "NON" })
    void producerWithTrustStorePutsAndGetsSixteenKibToLibCoapServer(String type) throws Exception {
        int port = FreePorts.udpPair();
        try (LibCoap.Server server = certificateServer(port, false)) {
            String uri = "rmpcoap:coaps://127.0.0.1:" + (port + 1) + "/store?timeout=10000&messageType=" + type + "&"
                         + trustStoreOptions();
            byte[] payload = pattern(16 * 1024);
            server.assertStoresAndReturns(template, uri, payload);
        }
    }

    @Test
    void producerGetsFromLibCoapServerThatVerifiesItsClientCertificate() throws Exception {
        int port = FreePorts.udpPair();
        try (LibCoap.Server server = certificateServer(port, true)) {
            Exchange answer = template.request("rmpcoap:coaps://127.0.0.1:" + (port + 1) + "/?timeout=10000&"
                                               + trustStoreOptions() + "&keyStore=" + pki.client().keyStoreUri()
                                               + "&keyStorePassword=" + PASSWORD,
                    e -> {
                    });
            assertNull(answer.getException(), server.output());
            assertEquals("2.05", answer.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
            assertTrue(answer.getMessage().getBody(String.class).contains("libcoap"), answer.getMessage().getBody(String.class));
        }
    }

    @Test
    void producerRefusesLibCoapServerWithACertificateFromAnUntrustedCaWithinTimeout() throws Exception {
        int port = FreePorts.udpPair();
        try (LibCoap.Server server = LibCoap.server("-A", "127.0.0.1", "-p", String.valueOf(port), "-n",
                "-c", pki.rogueServer().certificatePem().toString(), "-j", pki.rogueServer().keyPem().toString())) {
            long start = System.nanoTime();
            Exchange answer = template.request("rmpcoap:coaps://127.0.0.1:" + (port + 1) + "/?timeout=3000&"
                                               + trustStoreOptions(),
                    e -> {
                    });
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertNotNull(answer.getException(), server.output());
            assertTrue(elapsedMs < 3000 + 2000, "failed after " + elapsedMs + " ms");
            assertFalse(String.valueOf(answer.getException().getMessage()).contains(PASSWORD));
            assertNull(answer.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
        }
    }
}
