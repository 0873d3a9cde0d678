package io.rmpcoap.camel;

import java.time.Duration;

import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.LibCoap;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Consumers that name one port share one server whatever spelling of the host they use; what cannot share a socket
 * (coap beside coaps, a wildcard address beside a specific one) is refused with a message naming both consumers.
 */
class SharedPortTest extends CamelTestSupport {

    private final int port = FreePorts.udp();
    private TestDevice client;

    @BeforeEach
    void startClient() throws Exception {
        client = TestDevice.plain();
    }

    @AfterEach
    void stopClient() {
        client.close();
    }

    private void route(String id, String uri) throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId(id).setBody(constant(id));
            }
        });
    }

    private CoapResponse get(String path) throws InterruptedException {
        Request request = new Request(CoAP.Code.GET);
        request.getOptions().setUriPath(path);
        return client.send(request, port, 5000);
    }

    @ParameterizedTest(name = "{0} and {1}")
    @CsvSource({
            "localhost, localhost",
            "127.0.0.1, 127.0.0.1",
            "localhost, 127.0.0.1",
            "127.0.0.1, localhost",
    })
    void consumersOfOnePortShareOneServerWhateverTheSpellingOfTheHost(String first, String second) throws Exception {
        route("a", "rmpcoap:coap://" + first + ":" + port + "/a");
        route("b", "rmpcoap:coap://" + second + ":" + port + "/b");

        assertEquals("a", get("a").getResponseText());
        assertEquals("b", get("b").getResponseText());
        assertEquals(port(context, "a"), port(context, "b"));
    }

    @Test
    void consumersOfOneIpv6PortShareOneServer() throws Exception {
        LibCoap.assumeAvailable();
        route("a", "rmpcoap:coap://[::1]:" + port + "/a");
        route("b", "rmpcoap:coap://[0:0:0:0:0:0:0:1]:" + port + "/b");

        LibCoap.Result a = LibCoap.client(Duration.ofSeconds(10), "coap://[::1]:" + port + "/a");
        LibCoap.Result b = LibCoap.client(Duration.ofSeconds(10), "coap://[::1]:" + port + "/b");
        assertEquals("a", a.stdout().trim(), a.describe());
        assertEquals("b", b.stdout().trim(), b.describe());
    }

    @ParameterizedTest(name = "{0} then {1}")
    @CsvSource({
            "0.0.0.0,   127.0.0.1",
            "127.0.0.1, 0.0.0.0",
            "[::],      127.0.0.1",
    })
    void wildcardBesideASpecificAddressOnOnePortIsRefusedNamingBothConsumers(String first, String second) throws Exception {
        route("a", "rmpcoap:coap://" + first + ":" + port + "/a");

        Exception e = assertThrows(Exception.class, () -> route("b", "rmpcoap:coap://" + second + ":" + port + "/b"));

        String message = messages(e);
        assertTrue(message.contains("rmpcoap:coap://" + first + ":" + port + "/a"), message);
        assertTrue(message.contains("rmpcoap:coap://" + second + ":" + port + "/b"), message);
        assertTrue(message.contains("wildcard"), message);
        assertEquals("a", get("a").getResponseText(), "the first consumer keeps serving");
    }

    @Test
    void coapsOnThePortOfACoapConsumerIsRefusedNamingBothAndTheKeyStaysOutOfIt() throws Exception {
        String key = PskKeys.hexKey("world");
        route("plain", "rmpcoap:coap://127.0.0.1:" + port + "/plain");

        Exception e = assertThrows(Exception.class,
                () -> route("secure", "rmpcoap:coaps://127.0.0.1:" + port + "/secure?pskIdentity=hello&pskKey=" + key));

        String message = messages(e);
        assertTrue(message.contains("rmpcoap:coaps://127.0.0.1:" + port + "/secure"), message);
        assertTrue(message.contains("rmpcoap:coap://127.0.0.1:" + port + "/plain"), message);
        assertTrue(message.contains("cannot share one socket"), message);
        assertFalse(message.contains(key), message);
        assertEquals("plain", get("plain").getResponseText());
    }

    @Test
    void routesOnOnePortStartAndStopInAnyOrder() throws Exception {
        route("a", "rmpcoap:coap://localhost:" + port + "/a");
        route("b", "rmpcoap:coap://127.0.0.1:" + port + "/b");

        context.getRouteController().stopRoute("a");
        assertEquals(ResponseCode.NOT_FOUND, get("a").getCode());
        assertEquals("b", get("b").getResponseText());

        context.getRouteController().startRoute("a");
        assertEquals("a", get("a").getResponseText());

        context.getRouteController().stopRoute("b");
        context.getRouteController().stopRoute("a");
        assertTrue(FreePorts.isFree(port), "the last consumer to stop closes the socket");

        context.getRouteController().startRoute("b");
        assertEquals("b", get("b").getResponseText());
        assertEquals(ResponseCode.NOT_FOUND, get("a").getCode());
        context.getRouteController().startRoute("a");
        assertEquals("a", get("a").getResponseText());
    }

    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            all.append(t.getMessage()).append(" / ");
        }
        return all.toString();
    }
}
