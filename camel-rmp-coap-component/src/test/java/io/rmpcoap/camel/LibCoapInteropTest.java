package io.rmpcoap.camel;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;

import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.LibCoap;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.rmpcoap.camel.test.TestRoutes.pattern;
import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rmpcoap against libcoap's command-line tools as independent devices: the producer against coap-server-openssl, the
 * consumer against coap-client-openssl, over UDP and DTLS PSK, with the key in the PSK key tool's hex form on both
 * sides.
 */
class LibCoapInteropTest extends CamelTestSupport {

    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final String KEY = PskKeys.hexKey("world");

    @TempDir
    Path dir;

    @BeforeAll
    static void needsLibCoap() {
        LibCoap.assumeAvailable();
    }

    /** Further options of the DTLS consumer under test (a subclass runs the same tests against other settings). */
    String consumerOptions() {
        return "";
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coaps://127.0.0.1:0/secure?pskIdentity=hello&pskPassword=world" + consumerOptions()).routeId("psk")
                        .to("mock:psk")
                        .setBody(simple("${header.CamelRmpCoapPskIdentity} ${header.CamelRmpCoapRequestMethod} ${bodyAs(String)}"));
                from("rmpcoap:coap://127.0.0.1:0/plain").routeId("plain")
                        .setBody(simple("${header.CamelRmpCoapRequestMessageType} ${header.CamelRmpCoapRequestMethod}"));
            }
        };
    }

    // ---- producer -> coap-server-openssl ----

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "CON", "NON" })
    void producerGetsFromLibCoapServerOverUdp(String type) throws Exception {
        int port = FreePorts.udpPair();
        try (LibCoap.Server server = LibCoap.server("-A", "127.0.0.1", "-p", String.valueOf(port))) {
            Exchange answer = template.request("rmpcoap:coap://127.0.0.1:" + port + "/?timeout=5000&messageType=" + type, e -> {
            });
            assertNull(answer.getException(), server.output());
            assertEquals("2.05", answer.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
            assertTrue(answer.getMessage().getBody(String.class).contains("libcoap"), answer.getMessage().getBody(String.class));
        }
    }

    @Test
    void producerPutsGetsAndDeletesSixteenKibBlockwiseOverUdp() throws Exception {
        int port = FreePorts.udpPair();
        try (LibCoap.Server server = LibCoap.server("-A", "127.0.0.1", "-p", String.valueOf(port), "-d", "5")) {
            String uri = "rmpcoap:coap://127.0.0.1:" + port + "/store?timeout=10000";
            byte[] payload = pattern(16 * 1024);

            Exchange put = template.request(uri + "&method=PUT&contentFormat=42", e -> e.getMessage().setBody(payload));
            assertNull(put.getException(), server.output());
            assertEquals("2.01", put.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE), "dynamic resource created");

            Exchange get = template.request(uri + "&method=GET", e -> {
            });
            assertArrayEquals(payload, get.getMessage().getBody(byte[].class), server.output());

            Exchange delete = template.request(uri + "&method=DELETE", e -> {
            });
            assertEquals("2.02", delete.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
            Exchange gone = template.request(uri + "&method=GET", e -> {
            });
            RmpCoapOperationFailedException failure = assertInstanceOf(RmpCoapOperationFailedException.class,
                    gone.getException());
            assertEquals("4.04", failure.getResponseCode());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "CON", "NON" })
    void producerTalksPskToLibCoapServerWithTheHexKey(String type) throws Exception {
        int port = FreePorts.udpPair();
        try (LibCoap.Server server = LibCoap.server("-A", "127.0.0.1", "-p", String.valueOf(port), "-k", KEY, "-d", "5")) {
            String uri = "rmpcoap:coaps://127.0.0.1:" + (port + 1) + "/store?timeout=10000&pskIdentity=hello&pskPassword=world"
                         + "&messageType=" + type;
            byte[] payload = pattern(16 * 1024);
            Exchange put = template.request(uri + "&method=PUT", e -> e.getMessage().setBody(payload));
            assertNull(put.getException(), server.output());
            Exchange get = template.request(uri + "&method=GET", e -> {
            });
            assertNull(get.getException(), server.output());
            assertArrayEquals(payload, get.getMessage().getBody(byte[].class));
        }
    }

    @Test
    void producerWithWrongKeyFailsAgainstLibCoapServerWithAHandshakeErrorWellBeforeTheTimeout() throws Exception {
        int port = FreePorts.udpPair();
        try (LibCoap.Server server = LibCoap.server("-A", "127.0.0.1", "-p", String.valueOf(port), "-k", KEY)) {
            long start = System.nanoTime();
            Exchange answer = template.request("rmpcoap:coaps://127.0.0.1:" + (port + 1)
                                               + "/?timeout=30000&pskIdentity=hello&pskPassword=not-world",
                    e -> {
                    });
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            // libcoap (OpenSSL) drops the Finished made with the wrong key silently: the client gives the handshake up
            RmpCoapHandshakeException e = assertInstanceOf(RmpCoapHandshakeException.class, answer.getException(),
                    answer.getException() + "\n" + server.output());
            assertTrue(elapsedMs < 10_000, "failed only after " + elapsedMs + " ms");
            assertEquals("wrong-key", e.getReason(), e.getMessage());
            assertTrue(e.getMessage().startsWith("DTLS handshake with coaps://127.0.0.1:" + (port + 1)), e.getMessage());
            assertFalse(e.getMessage().contains("not-world") || e.getMessage().contains(PskKeys.hexKey("not-world")));
        }
    }

    // ---- coap-client-openssl -> consumer ----

    @Test
    void libCoapClientWithHexKeyReachesThePskConsumerAndItsIdentityTheRoute() throws Exception {
        LibCoap.Result result = LibCoap.client(LIMIT, "-m", "post", "-e", "on", "-u", "hello", "-k", KEY,
                "coaps://127.0.0.1:" + port(context, "psk") + "/secure");
        assertEquals(0, result.exitCode(), result.describe());
        assertEquals("hello POST on", result.stdout().trim(), result.describe());
    }

    @Test
    void libCoapClientSendsSixteenKibBlockwiseToTheConsumer() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:psk");
        byte[] payload = pattern(16 * 1024);
        Path file = Files.write(dir.resolve("payload.bin"), payload);
        LibCoap.Result result = LibCoap.client(LIMIT, "-m", "put", "-f", file.toString(), "-b", "512", "-u", "hello",
                "-k", KEY, "coaps://127.0.0.1:" + port(context, "psk") + "/secure");
        assertEquals(0, result.exitCode(), result.describe());
        assertTrue(Arrays.equals(payload, mock.getExchanges().get(0).getMessage().getBody(byte[].class)), result.describe());
    }

    @Test
    void libCoapClientWithWrongKeyGetsNothingAndNothingReachesTheRoute() throws Exception {
        LibCoap.Result result = LibCoap.client(LIMIT, "-B", "3", "-u", "hello", "-k", PskKeys.hexKey("wrong"),
                "coaps://127.0.0.1:" + port(context, "psk") + "/secure");
        assertFalse(result.stdout().contains("hello"), result.describe());
        assertEquals(0, getMockEndpoint("mock:psk").getReceivedCounter());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "CON", "NON" })
    void libCoapClientOverUdp(String type) throws Exception {
        LibCoap.Result result = type.equals("NON")
                ? LibCoap.client(LIMIT, "-N", "coap://127.0.0.1:" + port(context, "plain") + "/plain")
                : LibCoap.client(LIMIT, "coap://127.0.0.1:" + port(context, "plain") + "/plain");
        assertEquals(type + " GET", result.stdout().trim(), result.describe());
    }
}
