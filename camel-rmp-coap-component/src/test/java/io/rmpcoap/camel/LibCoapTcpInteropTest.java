package io.rmpcoap.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

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
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rmpcoap against libcoap's OpenSSL tools over coap+tcp and coaps+tcp (RFC 8323), certificates from a PKI generated
 * for the test run: coap-client-openssl against the consumer (whose CSM it waits for before it sends a request), the
 * producer against coap-server-openssl (TCP on its port, TLS on its port + 1), 100 KiB bodies both ways, and observe
 * (RFC 7641) over TCP both ways.
 */
class LibCoapTcpInteropTest extends CamelTestSupport {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final String PASSWORD = TestPki.PASSWORD;
    private static final int HUNDRED_KIB = 100 * 1024;

    @TempDir
    static Path dir;

    static TestPki pki;
    private final int observedPort = FreePorts.udpAndTcp();
    private final AtomicInteger value = new AtomicInteger();

    @BeforeAll
    static void needsLibCoapAndAPki() {
        LibCoap.assumeAvailable();
        pki = TestPki.create(dir.resolve("pki"));
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        String keyStore = "keyStore=" + pki.server().keyStoreUri() + "&keyStorePassword=" + PASSWORD;
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap+tcp://127.0.0.1:0/echo").routeId("tcp").to("mock:tcp");
                from("rmpcoap:coaps+tcp://127.0.0.1:0/echo?" + keyStore).routeId("tls").to("mock:tls");
                from("rmpcoap:coaps+tcp://127.0.0.1:0/mutual?" + keyStore + "&trustStore=" + pki.ca().trustStoreUri()
                     + "&trustStorePassword=" + PASSWORD + "&clientAuthentication=NEEDED").routeId("mutual")
                        .to("mock:mutual").setBody(header(RmpCoapConstants.PRINCIPAL));
                from("rmpcoap:coap+tcp://127.0.0.1:" + observedPort + "/temperature?observable=true").routeId("observed")
                        .process(e -> e.getMessage().setBody("t=" + value.get()));
            }
        };
    }

    private String uri(String route, String path) {
        return (route.equals("tcp") ? "coap+tcp" : "coaps+tcp") + "://127.0.0.1:" + port(context, route) + "/" + path;
    }

    // ---- coap-client-openssl -> consumer ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "tcp", "tls" })
    void libCoapClientPostsToTheConsumerAndPrintsTheAnswer(String route) throws Exception {
        LibCoap.Result result = LibCoap.client(LIMIT, "-B", "10", "-m", "post", "-e", "hello over " + route,
                "-R", pki.ca().pem().toString(), uri(route, "echo"));
        assertEquals("hello over " + route, result.stdout().trim(), result.describe());
    }

    @Test
    void libCoapClientCertificateSubjectReachesTheRouteWhenClientAuthenticationIsNeeded() throws Exception {
        LibCoap.Result result = LibCoap.client(LIMIT, "-B", "10", "-R", pki.ca().pem().toString(),
                "-c", pki.client().certificatePem().toString(), "-j", pki.client().keyPem().toString(),
                uri("mutual", "mutual"));
        assertEquals(pki.client().subject(), result.stdout().trim(), result.describe());
    }

    @Test
    void libCoapClientTrustingAnotherCaGetsNothingAndNothingReachesTheRoute() throws Exception {
        LibCoap.Result result = LibCoap.client(LIMIT, "-B", "3", "-m", "post", "-e", "valve-open",
                "-R", pki.rogueCa().pem().toString(), uri("tls", "echo"));
        assertFalse(result.stdout().contains("valve-open"), result.describe());
        assertEquals(0, getMockEndpoint("mock:tls").getReceivedCounter());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "tcp", "tls" })
    void libCoapClientPutsAHundredKibAndGetsThemBack(String route) throws Exception {
        byte[] body = pattern(HUNDRED_KIB);
        Path in = Files.write(dir.resolve("body-" + route), body);
        Path out = dir.resolve("answer-" + route);
        LibCoap.Result result = LibCoap.client(LIMIT, "-B", "10", "-m", "put", "-f", in.toString(), "-o", out.toString(),
                "-R", pki.ca().pem().toString(), uri(route, "echo"));
        assertArrayEquals(body, Files.exists(out) ? Files.readAllBytes(out) : new byte[0], result.describe());
        assertEquals(1, getMockEndpoint("mock:" + route).getReceivedCounter(), "one exchange");
    }

    @Test
    void libCoapClientObservesAnObservableRouteOverTcpAndPrintsEveryNotification() throws Exception {
        LibCoapObserveInteropTest.libCoapPrintsEveryNotification(template, value,
                "coap+tcp://127.0.0.1:" + observedPort + "/temperature");
    }

    @Test
    void consumerObservesLibCoapServersTimeResourceOverTcp() throws Exception {
        int port = FreePorts.udpPair();
        List<Exchange> received = new CopyOnWriteArrayList<>();
        try (LibCoap.Server server = LibCoap.server("-A", "127.0.0.1", "-p", String.valueOf(port), "-v", "7")) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("rmpcoap:coap+tcp://127.0.0.1:" + port + "/time?observe=true").routeId("observe")
                            .process(received::add);
                }
            });
            // libcoap's /time changes once a second and notifies its observers
            await().atMost(Duration.ofSeconds(6)).untilAsserted(() -> assertTrue(received.size() >= 3, server.output()));
            for (Exchange exchange : received) {
                assertEquals("2.05", exchange.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
            }
            context.getRouteController().stopRoute("observe");
            await().atMost(Duration.ofSeconds(3)).untilAsserted(
                    () -> assertTrue(server.output().contains("removed subscription"), server.output()));
        }
    }

    // ---- producer -> coap-server-openssl ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "coap+tcp", "coaps+tcp" })
    void producerPutsAndGetsAHundredKibAtLibCoapServer(String scheme) throws Exception {
        int port = FreePorts.udpPair();
        try (LibCoap.Server server = LibCoap.server("-A", "127.0.0.1", "-p", String.valueOf(port), "-d", "5",
                "-c", pki.server().certificatePem().toString(), "-j", pki.server().keyPem().toString(), "-n")) {
            String uri = "rmpcoap:" + scheme + "://127.0.0.1:" + (scheme.equals("coap+tcp") ? port : port + 1)
                         + "/store?timeout=10000"
                         + (scheme.equals("coaps+tcp") ? "&trustStore=" + pki.ca().trustStoreUri()
                                                         + "&trustStorePassword=" + PASSWORD : "");
            byte[] payload = pattern(HUNDRED_KIB);
            server.assertStoresAndReturns(template, uri, payload);
        }
    }

    @Test
    void producerGetsFromLibCoapTlsServerThatVerifiesItsClientCertificate() throws Exception {
        int port = FreePorts.udpPair();
        try (LibCoap.Server server = LibCoap.server("-A", "127.0.0.1", "-p", String.valueOf(port),
                "-c", pki.server().certificatePem().toString(), "-j", pki.server().keyPem().toString(),
                "-R", pki.ca().pem().toString())) {
            Exchange answer = template.request("rmpcoap:coaps+tcp://127.0.0.1:" + (port + 1) + "/?timeout=10000"
                                               + "&trustStore=" + pki.ca().trustStoreUri() + "&trustStorePassword="
                                               + PASSWORD + "&keyStore=" + pki.client().keyStoreUri()
                                               + "&keyStorePassword=" + PASSWORD,
                    e -> {
                    });
            assertNull(answer.getException(), server.output());
            assertEquals("2.05", answer.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
            assertEquals(true, answer.getMessage().getBody(String.class).contains("libcoap"), server.output());
        }
    }
}
