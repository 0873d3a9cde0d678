package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.test.TestPki;
import io.rmpcoap.camel.test.TestRoutes;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.support.jsse.TrustManagersParameters;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.rmpcoap.camel.test.TestRoutes.pattern;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rmpcoap producer and consumer over DTLS with certificates (TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8) against
 * Californium/Scandium peers, with a PKI generated for the test run: the producer against a Californium CoapServer,
 * Scandium certificate devices against the consumer, and the handshakes that must fail.
 */
class DtlsCertificateTest extends CamelTestSupport {

    private static final String SUITE = "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8";
    private static final String PASSWORD = TestPki.PASSWORD;

    @TempDir
    static Path dir;

    static TestPki pki;
    private static CoapServer trustedServer;
    private static CoapServer rogueServer;
    private static CoapServer otherHostServer;

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    @BeforeAll
    static void startServers() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        trustedServer = californiumServer(pki.server());
        rogueServer = californiumServer(pki.rogueServer());
        otherHostServer = californiumServer(pki.otherHost());
    }

    @AfterAll
    static void stopServers() {
        for (CoapServer server : new CoapServer[] { trustedServer, rogueServer, otherHostServer }) {
            if (server != null) {
                server.destroy();
            }
        }
    }

    /** A Californium server with the identity's certificate: /echo answers GET and echoes POST, /store keeps a PUT. */
    private static CoapServer californiumServer(TestPki.Identity identity) {
        Configuration configuration = Configuration.createStandardWithoutFile();
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 1 << 20);
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                .set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE,
                        org.eclipse.californium.elements.config.CertificateAuthenticationMode.NONE)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8)
                .setCertificateIdentityProvider(new SingleCertificateProvider(identity.privateKey(),
                        identity.chain().toArray(new java.security.cert.X509Certificate[0]), CertificateType.X_509))
                .build();
        CoapServer server = new CoapServer(configuration);
        server.addEndpoint(CoapEndpoint.builder().setConfiguration(configuration).setConnector(new DTLSConnector(dtls)).build());
        server.add(new CoapResource("echo") {
            @Override
            public void handleGET(CoapExchange exchange) {
                exchange.respond(ResponseCode.CONTENT, "hello " + exchange.advanced().getRequest().getType());
            }

            @Override
            public void handlePOST(CoapExchange exchange) {
                exchange.respond(ResponseCode.CHANGED, exchange.getRequestPayload());
            }
        });
        server.add(new CoapResource("store") {
            private volatile byte[] stored = new byte[0];

            @Override
            public void handlePUT(CoapExchange exchange) {
                stored = exchange.getRequestPayload();
                exchange.respond(ResponseCode.CHANGED);
            }

            @Override
            public void handleGET(CoapExchange exchange) {
                exchange.respond(ResponseCode.CONTENT, stored);
            }
        });
        server.start();
        return server;
    }

    private static int port(CoapServer server) {
        return server.getEndpoints().get(0).getAddress().getPort();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        String serverKeyStore = "keyStore=" + pki.server().keyStoreUri() + "&keyStorePassword=" + PASSWORD;
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coaps://127.0.0.1:0/cert?" + serverKeyStore + "&cipherSuites=" + SUITE).routeId("cert")
                        .to("mock:cert")
                        .setBody(simple("${header.CamelRmpCoapRequestMethod} ${bodyAs(String)}"
                                        + "${header.CamelRmpCoapPrincipal} ${header.CamelRmpCoapPskIdentity}"));
                from("rmpcoap:coaps://127.0.0.1:0/mutual?" + serverKeyStore + "&trustStore=" + pki.ca().trustStoreUri()
                     + "&trustStorePassword=" + PASSWORD + "&clientAuthentication=NEEDED&cipherSuites=" + SUITE)
                        .routeId("mutual")
                        .to("mock:mutual")
                        .setBody(simple("${header.CamelRmpCoapPrincipal}"));
                from("rmpcoap:coaps://127.0.0.1:0/wanted?" + serverKeyStore + "&trustStore=" + pki.ca().trustStoreUri()
                     + "&trustStorePassword=" + PASSWORD + "&clientAuthentication=WANTED&cipherSuites=" + SUITE)
                        .routeId("wanted")
                        .to("mock:wanted")
                        .setBody(simple("wanted ${header.CamelRmpCoapPrincipal}"));
                // one SSLContextParameters with key and trust managers, and no client authentication
                from("rmpcoap:coaps://127.0.0.1:0/shared?sslContextParameters=#serverIdentity").routeId("shared")
                        .setBody(simple("shared ${header.CamelRmpCoapPrincipal}"));
                // the server's own key store as the trust store: its chain's CA is trusted
                from("rmpcoap:coaps://127.0.0.1:0/same?keyStore=" + pki.server().keyStoreUri() + "&keyStorePassword="
                     + PASSWORD + "&trustStore=" + pki.server().keyStoreUri() + "&trustStorePassword=" + PASSWORD
                     + "&clientAuthentication=NEEDED").routeId("same")
                        .setBody(simple("${header.CamelRmpCoapPrincipal}"));
            }
        };
    }

    @Override
    protected void bindToRegistry(org.apache.camel.spi.Registry registry) {
        registry.bind("trustOnly", sslContext(pki.ca().trustStore(), null));
        registry.bind("deviceIdentity", sslContext(pki.ca().trustStore(), pki.client().keyStore()));
        registry.bind("serverIdentity", sslContext(pki.ca().trustStore(), pki.server().keyStore()));
    }

    private static SSLContextParameters sslContext(Path trustStore, Path keyStore) {
        SSLContextParameters ssl = new SSLContextParameters();
        TrustManagersParameters trust = new TrustManagersParameters();
        trust.setKeyStore(storeParameters(trustStore));
        ssl.setTrustManagers(trust);
        if (keyStore != null) {
            KeyManagersParameters keys = new KeyManagersParameters();
            keys.setKeyStore(storeParameters(keyStore));
            keys.setKeyPassword(PASSWORD);
            ssl.setKeyManagers(keys);
        }
        return ssl;
    }

    private static KeyStoreParameters storeParameters(Path file) {
        KeyStoreParameters parameters = new KeyStoreParameters();
        parameters.setResource("file:" + file);
        parameters.setPassword(PASSWORD);
        parameters.setType(TestPki.STORE_TYPE);
        return parameters;
    }

    private static String trustStoreOptions() {
        return "trustStore=" + pki.ca().trustStoreUri() + "&trustStorePassword=" + PASSWORD + "&cipherSuites=" + SUITE;
    }

    // ---- rmpcoap producer -> Californium server with the server certificate ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "CON", "NON" })
    void producerWithTrustStoreGetsAndPostsToACertificateServer(String type) {
        String uri = "rmpcoap:coaps://127.0.0.1:" + port(trustedServer) + "/echo?timeout=10000&messageType=" + type + "&"
                     + trustStoreOptions();
        Exchange get = template.request(uri + "&method=GET", e -> {
        });
        assertNull(get.getException());
        assertEquals("2.05", get.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
        assertEquals("hello " + type, get.getMessage().getBody(String.class));

        Exchange post = template.request(uri + "&method=POST", e -> e.getMessage().setBody("t=21"));
        assertNull(post.getException());
        assertEquals("2.04", post.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
        assertEquals("t=21", post.getMessage().getBody(String.class));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "CON", "NON" })
    void producerWithSslContextParametersGetsAndPostsToACertificateServer(String type) {
        String uri = "rmpcoap:coaps://127.0.0.1:" + port(trustedServer) + "/echo?timeout=10000&messageType=" + type
                     + "&sslContextParameters=#trustOnly";
        Exchange get = template.request(uri + "&method=GET", e -> {
        });
        assertNull(get.getException());
        assertEquals("hello " + type, get.getMessage().getBody(String.class));

        Exchange post = template.request(uri + "&method=POST", e -> e.getMessage().setBody("t=22"));
        assertNull(post.getException());
        assertEquals("t=22", post.getMessage().getBody(String.class));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "CON", "NON" })
    void producerPutsAndGetsSixteenKibBlockwiseOverCertificateDtls(String type) {
        String uri = "rmpcoap:coaps://127.0.0.1:" + port(trustedServer) + "/store?timeout=10000&messageType=" + type + "&"
                     + trustStoreOptions();
        byte[] payload = pattern(16 * 1024);
        Exchange put = template.request(uri + "&method=PUT", e -> e.getMessage().setBody(payload));
        assertNull(put.getException());
        assertEquals("2.04", put.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));

        Exchange get = template.request(uri + "&method=GET", e -> {
        });
        assertNull(get.getException());
        assertArrayEquals(payload, get.getMessage().getBody(byte[].class));
    }

    // ---- Scandium certificate device -> rmpcoap consumer ----

    @Test
    void certificateDeviceReachesTheConsumerWithoutPresentingACertificate() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:cert");
        mock.expectedMessageCount(1);
        try (TestDevice device = TestDevice.certificate(List.of(pki.ca().certificate()), null, null)) {
            Request request = Request.newPost();
            request.getOptions().setUriPath("cert");
            request.setPayload("on");
            CoapResponse response = device.send(request, TestRoutes.port(context, "cert"));
            assertNotNull(response, "the consumer did not answer");
            assertEquals(ResponseCode.CHANGED, response.getCode());
            assertEquals("POST on ", response.getResponseText(), "no principal, no PSK identity");
        }
        mock.assertIsSatisfied();
    }

    @Test
    void clientCertificateSubjectReachesTheRouteWhenClientAuthenticationIsNeeded() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:mutual");
        mock.expectedMessageCount(1);
        try (TestDevice device = TestDevice.certificate(List.of(pki.ca().certificate()), pki.client().privateKey(),
                pki.client().chain())) {
            Request request = Request.newGet();
            request.getOptions().setUriPath("mutual");
            CoapResponse response = device.send(request, TestRoutes.port(context, "mutual"));
            assertNotNull(response, "the consumer did not answer");
            assertEquals(ResponseCode.CONTENT, response.getCode());
            assertEquals(pki.client().subject(), response.getResponseText());
        }
        mock.assertIsSatisfied();
        assertEquals(pki.client().subject(), mock.getExchanges().get(0).getMessage().getHeader(RmpCoapConstants.PRINCIPAL));
        assertNull(mock.getExchanges().get(0).getMessage().getHeader(RmpCoapConstants.PSK_IDENTITY));
    }

    @Test
    void clientCertificateSubjectReachesTheRouteWhenClientAuthenticationIsWanted() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:wanted");
        mock.expectedMessageCount(1);
        try (TestDevice device = TestDevice.certificate(List.of(pki.ca().certificate()), pki.client().privateKey(),
                pki.client().chain())) {
            Request request = Request.newGet();
            request.getOptions().setUriPath("wanted");
            CoapResponse response = device.send(request, TestRoutes.port(context, "wanted"));
            assertNotNull(response, "the consumer did not answer");
            assertEquals("wanted " + pki.client().subject(), response.getResponseText());
        }
        mock.assertIsSatisfied();
        assertEquals(pki.client().subject(), mock.getExchanges().get(0).getMessage().getHeader(RmpCoapConstants.PRINCIPAL));
    }

    @Test
    void deviceWithoutCertificateStillConnectsWhenClientAuthenticationIsWanted() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:wanted");
        mock.expectedMessageCount(1);
        try (TestDevice device = TestDevice.certificate(List.of(pki.ca().certificate()), null, null)) {
            Request request = Request.newGet();
            request.getOptions().setUriPath("wanted");
            CoapResponse response = device.send(request, TestRoutes.port(context, "wanted"));
            assertNotNull(response, "the consumer did not answer");
            assertEquals(ResponseCode.CONTENT, response.getCode());
            assertEquals("wanted ", response.getResponseText(), "no principal without a certificate");
        }
        mock.assertIsSatisfied();
        assertNull(mock.getExchanges().get(0).getMessage().getHeader(RmpCoapConstants.PRINCIPAL));
    }

    @Test
    void producerWithClientCertificateFromSslContextParametersReachesAConsumerThatNeedsOne() {
        Exchange answer = template.request("rmpcoap:coaps://127.0.0.1:" + TestRoutes.port(context, "mutual")
                                           + "/mutual?timeout=10000&sslContextParameters=#deviceIdentity",
                e -> {
                });
        assertNull(answer.getException());
        assertEquals(pki.client().subject(), answer.getMessage().getBody(String.class));
    }

    @Test
    void producerWithClientCertificateFromKeyStoreOptionsReachesAConsumerThatNeedsOne() {
        Exchange answer = template.request("rmpcoap:coaps://127.0.0.1:" + TestRoutes.port(context, "mutual")
                                           + "/mutual?timeout=10000&"
                                           + trustStoreOptions() + "&keyStore=" + pki.client().keyStoreUri()
                                           + "&keyStorePassword=" + PASSWORD,
                e -> {
                });
        assertNull(answer.getException());
        assertEquals(pki.client().subject(), answer.getMessage().getBody(String.class));
    }

    @Test
    void consumerWithKeyAndTrustManagersButNoClientAuthenticationServesDevicesWithoutCertificates() throws Exception {
        try (TestDevice device = TestDevice.certificate(List.of(pki.ca().certificate()), null, null)) {
            Request request = Request.newGet();
            request.getOptions().setUriPath("shared");
            CoapResponse response = device.send(request, TestRoutes.port(context, "shared"));
            assertNotNull(response, "the consumer did not answer");
            assertEquals("shared ", response.getResponseText());
        }
    }

    @Test
    void keyStoreUsedAsTrustStoreTrustsTheCaOfItsChain() throws Exception {
        try (TestDevice device = TestDevice.certificate(List.of(pki.ca().certificate()), pki.client().privateKey(),
                pki.client().chain())) {
            Request request = Request.newGet();
            request.getOptions().setUriPath("same");
            CoapResponse response = device.send(request, TestRoutes.port(context, "same"));
            assertNotNull(response, "a client certificate from the CA of the server's chain must be accepted");
            assertEquals(pki.client().subject(), response.getResponseText());
        }
        // and a producer whose trust store is the device's key store trusts the server from the same CA
        Exchange answer = template.request("rmpcoap:coaps://127.0.0.1:" + port(trustedServer) + "/echo?timeout=10000&trustStore="
                                           + pki.client().keyStoreUri() + "&trustStorePassword=" + PASSWORD, e -> {
                                           });
        assertNull(answer.getException());
        assertEquals("hello CON", answer.getMessage().getBody(String.class));
    }

    @Test
    void consumersOnOnePortMustAgreeOnClientAuthentication() throws Exception {
        int port = io.rmpcoap.camel.test.FreePorts.udp();
        String stores = "keyStore=" + pki.server().keyStoreUri() + "&keyStorePassword=" + PASSWORD + "&trustStore="
                        + pki.ca().trustStoreUri() + "&trustStorePassword=" + PASSWORD;
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coaps://127.0.0.1:" + port + "/open?" + stores).routeId("open").setBody(constant("open"));
            }
        });
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coaps://127.0.0.1:" + port + "/closed?" + stores + "&clientAuthentication=NEEDED")
                        .routeId("closed").setBody(constant("closed"));
            }
        }));
        assertTrue(rootMessage(e).contains("other DTLS credentials"), rootMessage(e));
        try (TestDevice device = TestDevice.certificate(List.of(pki.ca().certificate()), null, null)) {
            Request request = Request.newGet();
            request.getOptions().setUriPath("closed");
            CoapResponse response = device.send(request, port, 3000);
            assertNotNull(response);
            assertEquals(ResponseCode.NOT_FOUND, response.getCode(), "a device without certificate must not reach /closed");
        }
    }

    private static String rootMessage(Throwable e) {
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append(" | ");
        }
        return messages.toString();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "consumer without keyStore|from|trustStore=TRUST&trustStorePassword=PW&cipherSuites=" + SUITE
                                        + "|needs its own private key",
            "NEEDED without trustStore|from|keyStore=KEY&keyStorePassword=PW&clientAuthentication=NEEDED"
                                        + "|clientAuthentication=NEEDED needs the trusted CA roots",
            "producer without trustStore|to|keyStore=KEY&keyStorePassword=PW|needs the trusted CA roots" })
    void incompleteCertificateOptionsFailAtStartNamingWhatIsMissing(String testCase) {
        String[] parts = testCase.split("\\|");
        String options = parts[2].replace("TRUST", pki.ca().trustStoreUri()).replace("KEY", pki.server().keyStoreUri())
                .replace("PW", PASSWORD);
        String uri = "rmpcoap:coaps://127.0.0.1:" + (parts[1].equals("from") ? "0" : "9") + "/x?" + options;
        Exception e = org.junit.jupiter.api.Assertions.assertThrows(Exception.class, () -> {
            if (parts[1].equals("from")) {
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from(uri).to("mock:never");
                    }
                });
            } else {
                Exchange answer = template.request(uri, x -> {
                });
                if (answer.getException() != null) {
                    throw answer.getException();
                }
            }
        });
        assertTrue(rootMessage(e).contains(parts[3]), rootMessage(e));
        assertFalse(rootMessage(e).contains(PASSWORD), rootMessage(e));
    }

    // ---- handshakes that must fail, cleanly ----

    @Test
    void producerRefusesAServerCertificateForAnotherHost() {
        requestExpectingFailure("rmpcoap:coaps://127.0.0.1:" + port(otherHostServer) + "/echo?timeout=3000&"
                                + trustStoreOptions(), 3000);
    }

    private Exchange requestExpectingFailure(String uri, long timeout) {
        long start = System.nanoTime();
        Exchange answer = template.request(uri, e -> {
        });
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertNotNull(answer.getException(), "the request must fail");
        assertTrue(elapsedMs < timeout + 2000, "failed after " + elapsedMs + " ms");
        String message = String.valueOf(answer.getException().getMessage());
        assertFalse(message.contains(PASSWORD), message);
        assertFalse(answer.getException() instanceof RmpCoapTimeoutException,
                "a failed handshake must be reported as such, not as a timeout: " + message);
        return answer;
    }

    @Test
    void producerRefusesAServerWhoseCertificateIsFromAnUntrustedCa() {
        Exchange answer = requestExpectingFailure("rmpcoap:coaps://127.0.0.1:" + port(rogueServer) + "/echo?timeout=3000&"
                                                  + trustStoreOptions(), 3000);
        assertNull(answer.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE), "no answer may be accepted");
    }

    @Test
    void producerWithoutClientCertificateFailsAgainstAConsumerThatNeedsOneAndNothingReachesTheRoute() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:mutual");
        mock.expectedMessageCount(0);
        requestExpectingFailure("rmpcoap:coaps://127.0.0.1:" + TestRoutes.port(context, "mutual") + "/mutual?timeout=3000&"
                                + trustStoreOptions(),
                3000);
        mock.assertIsSatisfied(200);
    }

    /** The device gets no answer on {@code path}, whose route and mock are named after it, and nothing reaches the route. */
    private void assertRefused(TestDevice device, Request request, String path, int timeoutMs, String why)
            throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:" + path);
        mock.expectedMessageCount(0);
        try (device) {
            request.getOptions().setUriPath(path);
            assertNull(device.send(request, TestRoutes.port(context, path), timeoutMs), why);
        }
        mock.assertIsSatisfied(200);
    }

    @Test
    void deviceWithoutClientCertificateFailsTheHandshakeWhenClientAuthenticationIsNeeded() throws Exception {
        assertRefused(TestDevice.certificate(List.of(pki.ca().certificate()), null, null), Request.newGet(), "mutual",
                3000, "a device without certificate must get no answer");
    }

    @Test
    void deviceWithClientCertificateFromAnUntrustedCaFailsTheHandshake() throws Exception {
        assertRefused(TestDevice.certificate(List.of(pki.ca().certificate()), pki.rogueClient().privateKey(),
                pki.rogueClient().chain()), Request.newGet(), "mutual", 3000,
                "an untrusted client certificate must get no answer");
    }

    @Test
    void deviceOfferingOnlyACbcCertificateSuiteFailsTheHandshake() throws Exception {
        assertRefused(TestDevice.certificate(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
                List.of(pki.ca().certificate()), null, null), Request.newGet(), "cert", 3000,
                "a CBC-only device must get no answer");
    }

    @Test
    void plainCoapToTheCertificateDtlsPortGetsNoAnswer() throws Exception {
        Request request = Request.newPost();
        request.setPayload("plain".getBytes(StandardCharsets.US_ASCII));
        assertRefused(TestDevice.plain(), request, "cert", 2000, "plain CoAP must get no answer from a DTLS port");
    }

    @Test
    void wrongTrustStorePasswordFailsWithoutRevealingIt() {
        String wrong = "not-the-Pa55word";
        Throwable failure;
        try {
            failure = template.request("rmpcoap:coaps://127.0.0.1:" + port(trustedServer) + "/echo?timeout=3000&trustStore="
                                       + pki.ca().trustStoreUri() + "&trustStorePassword=" + wrong,
                    e -> {
                    }).getException();
        } catch (RuntimeException e) {
            failure = e;
        }
        assertNotNull(failure, "a trust store that cannot be opened must fail");
        for (Throwable t = failure; t != null; t = t.getCause()) {
            assertFalse(String.valueOf(t.getMessage()).contains(wrong), t.getMessage());
            assertFalse(String.valueOf(t.getMessage()).contains(PASSWORD), t.getMessage());
        }
    }
}
