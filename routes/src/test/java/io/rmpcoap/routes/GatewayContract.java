package io.rmpcoap.routes;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import java.time.Duration;

import io.rmpcoap.camel.test.LibCoap;
import io.rmpcoap.camel.test.TestDevice;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway end to end: a Scandium PSK device, the gateway route, a real local HTTP server. Runs once against the
 * Java route and once against the YAML route (the subclasses), driven by the same rmp.gateway.* properties.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GatewayContract {

    static final String TOKEN = "aGVsbG86d29ybGQ="; // hello:world

    private RecordingHttpServer api;
    private int closedPort;
    private CamelContext context;
    private TestDevice device;
    private int gatewayPort;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    /** Adds the gateway route under test to the context. */
    abstract void addGatewayRoute(CamelContext context) throws Exception;

    static String hexKey(String password) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
    }

    @BeforeAll
    void startGateway() throws Exception {
        api = new RecordingHttpServer();
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        Properties properties = new Properties();
        properties.setProperty("rmp.gateway.listen", "coaps://127.0.0.1:0");
        properties.setProperty("rmp.gateway.security", "pskIdentity=hello&pskKey=" + hexKey("world"));
        properties.setProperty("rmp.gateway.allowedTargets", api.base() + "/api/,http://127.0.0.1:" + closedPort + "/");
        properties.setProperty("rmp.gateway.separateResponseDelay", "300");
        properties.setProperty("rmp.gateway.httpResponseTimeout", "2500");
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setOverrideProperties(properties);
        context.getRegistry().bind("meterRegistry", meters);
        addGatewayRoute(context);
        context.start();
        gatewayPort = port(context, GatewayRouteBuilder.ROUTE_ID);
        device = TestDevice.psk("hello", hexKey("world"));
    }

    @AfterAll
    void stopGateway() {
        device.close();
        context.stop();
        api.close();
    }

    @BeforeEach
    void forgetRequests() {
        api.requests.clear();
    }

    private CoapResponse send(CoAP.Code method, String proxyUri, String payload) throws Exception {
        Request request = new Request(method);
        request.getOptions().setProxyUri(proxyUri);
        if (payload != null) {
            request.setPayload(payload);
            request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        }
        CoapResponse response = device.send(request, gatewayPort);
        assertNotNull(response, "the gateway did not answer");
        return response;
    }

    @Test
    void postWithTokenReachesTheApiWithBasicAuthAndWithoutTheKey() throws Exception {
        CoapResponse response = send(CoAP.Code.POST, api.base() + "/api/x?key=" + TOKEN + "&a=1", "{\"t\":21}");

        RecordingHttpServer.Seen seen = api.next();
        assertEquals("POST", seen.method());
        assertEquals("/api/x", seen.path());
        assertEquals("a=1", seen.query());
        assertEquals("Basic " + TOKEN, seen.authorization());
        assertTrue(seen.contentType().startsWith("application/json"), seen.contentType());
        assertEquals("{\"t\":21}", new String(seen.body(), StandardCharsets.UTF_8));
        assertEquals(ResponseCode.CHANGED, response.getCode());
        assertEquals("{\"method\":\"POST\",\"body\":\"{\"t\":21}\"}", response.getResponseText());
        assertEquals(MediaTypeRegistry.APPLICATION_JSON, response.getOptions().getContentFormat());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "GET, 2.05", "PUT, 2.04", "DELETE, 2.02" })
    void methodsMapBothWays(String method, String code) throws Exception {
        CoapResponse response = send(CoAP.Code.valueOf(method), api.base() + "/api/m?key=" + TOKEN,
                method.equals("PUT") ? "{}" : null);
        assertEquals(method, api.next().method());
        assertEquals(code, response.getCode().text);
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({ "201, 2.01", "204, 2.04", "400, 4.00", "401, 4.01", "403, 4.03", "404, 4.04", "413, 4.13",
                 "415, 4.15", "500, 5.00", "502, 5.02", "503, 5.03", "504, 5.04" })
    void httpStatusIsMappedPerRfc8075(int status, String code) throws Exception {
        CoapResponse response = send(CoAP.Code.POST, api.base() + "/api/status/" + status + "?key=" + TOKEN, "{}");
        assertEquals(code, response.getCode().text);
    }

    @ParameterizedTest(name = "{0} HTTP {1}")
    @CsvSource({ "POST, 503, 5.03", "PUT, 503, 5.03", "POST, 429, 4.29" })
    void anApiAskingForARetryIsCalledOnceTheDeviceDecidesWhetherToRetry(String method, int status, String code)
            throws Exception {
        // Apache HttpClient's default strategy repeats a request after 1 s on 429 and 503, which would apply a POST
        // twice at the API; the gateway passes the answer on and leaves retrying to the device
        CoapResponse response = send(CoAP.Code.valueOf(method), api.base() + "/api/status/" + status + "?key=" + TOKEN, "{}");
        assertEquals(code, response.getCode().text);
        api.next();
        assertNull(api.requests.poll(), "the gateway repeated the request on its own");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "missing token     | /api/x?a=1                       | 4.01",
            "empty token       | /api/x?key=                      | 4.01",
            "not Base64        | /api/x?key=***                   | 4.01",
            "no colon          | /api/x?key=aGVsbG8=              | 4.01",
            "other user        | /api/x?key=b3RoZXI6d29ybGQ=      | 4.03",
            "not allowed path  | /admin?key=" + TOKEN + "         | 4.03" })
    void rejectedRequestsNeverReachTheApi(String name, String pathAndQuery, String code) throws Exception {
        CoapResponse response = send(CoAP.Code.POST, api.base() + pathAndQuery.trim(), "{}");
        assertEquals(code, response.getCode().text);
        assertNull(api.requests.poll(), "the API must not be called");
        assertEquals(0, response.getPayload().length);
    }

    @Test
    void nonHttpTargetIsProxyingNotSupported() throws Exception {
        assertEquals(ResponseCode.PROXY_NOT_SUPPORTED, send(CoAP.Code.GET, "ftp://127.0.0.1/x?key=" + TOKEN, null).getCode());
        assertNull(api.requests.poll());
    }

    @Test
    void unreachableBackendIsBadGateway() throws Exception {
        assertEquals(ResponseCode.BAD_GATEWAY,
                send(CoAP.Code.GET, "http://127.0.0.1:" + closedPort + "/x?key=" + TOKEN, null).getCode());
    }

    @Test
    void tooSlowBackendIsGatewayTimeoutAfterAnEmptyAck() throws Exception {
        send(CoAP.Code.GET, api.base() + "/api/x?key=" + TOKEN, null); // the DTLS session exists before the clock runs
        api.next();
        AtomicBoolean acknowledged = new AtomicBoolean();
        Request request = new Request(CoAP.Code.GET);
        request.getOptions().setProxyUri(api.base() + "/api/slow/10000?key=" + TOKEN);
        request.addMessageObserver(new MessageObserverAdapter() {
            @Override
            public void onAcknowledgement() {
                acknowledged.set(true);
            }
        });
        long start = System.nanoTime();
        CoapResponse response = device.send(request, gatewayPort);
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(ResponseCode.GATEWAY_TIMEOUT, response.getCode());
        assertTrue(acknowledged.get(), "the device must get an empty ACK before the separate response");
        // the gateway's HTTP response timeout (2500 ms here) bounds the answer: not before it, and within it plus a
        // margin a busy machine keeps (the backend would answer only after 10 s)
        assertTrue(elapsedMs >= 2500 && elapsedMs <= 2500 + 2000, "5.04 after " + elapsedMs + " ms");
    }

    @Test
    void slowBackendGetsSeparateResponseAndIsCalledOnce() throws Exception {
        Request request = new Request(CoAP.Code.GET);
        request.getOptions().setProxyUri(api.base() + "/api/slow/1000?key=" + TOKEN);
        CoapResponse response = device.send(request, gatewayPort);
        assertEquals(ResponseCode.CONTENT, response.getCode());
        assertEquals(CoAP.Type.CON, response.advanced().getType(), "a separate response");
        assertEquals("/api/slow/1000", api.next().path());
        // the API records a request on arrival: a second call of the slow request, made before the device had its
        // answer, would be recorded before this one
        assertEquals(ResponseCode.CONTENT, send(CoAP.Code.GET, api.base() + "/api/after?key=" + TOKEN, null).getCode());
        assertEquals("/api/after", api.next().path(), "the backend must be called once");
    }

    @Test
    void theAnswerCarriesTheContentFormatOfTheApisAnswerNotOfTheRequest() throws Exception {
        Request request = new Request(CoAP.Code.POST);
        request.getOptions().setProxyUri(api.base() + "/api/x?key=" + TOKEN);
        request.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
        request.setPayload("21.5");

        CoapResponse response = device.send(request, gatewayPort);

        assertTrue(api.next().contentType().startsWith("text/plain"));
        assertEquals(MediaTypeRegistry.APPLICATION_JSON, response.getOptions().getContentFormat());
    }

    @Test
    void forwardedRequestsAreMeteredByTargetHostAndRefusedOnesAreNot() throws Exception {
        long forwarded = served("127.0.0.1", "2.04");
        long refused = served("none", "4.03");

        send(CoAP.Code.POST, api.base() + "/api/metered?key=" + TOKEN, "{}");
        send(CoAP.Code.POST, api.base() + "/admin?key=" + TOKEN, "{}");

        assertEquals(forwarded + 1, served("127.0.0.1", "2.04"));
        assertEquals(refused + 1, served("none", "4.03"));
    }

    private long served(String target, String code) {
        var timer = meters.find("rmpcoap.server.requests").tags("target", target, "code", code, "method", "POST").timer();
        return timer == null ? 0 : timer.count();
    }

    @Test
    void largeBodiesTravelBlockwiseBothWays() throws Exception {
        byte[] body = new byte[64 * 1024];
        java.util.Arrays.fill(body, (byte) 'y');
        Request request = new Request(CoAP.Code.PUT);
        request.getOptions().setProxyUri(api.base() + "/api/big/65536?key=" + TOKEN);
        request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_OCTET_STREAM);
        request.setPayload(body);

        CoapResponse response = device.send(request, gatewayPort);

        assertArrayEquals(body, api.next().body());
        assertEquals(ResponseCode.CHANGED, response.getCode());
        assertEquals(65536, response.getPayload().length);
    }

    @ParameterizedTest(name = "libcoap {0}")
    @CsvSource({ "post, 2.04", "get, 2.05", "put, 2.04", "delete, 2.02" })
    void libCoapClientThroughTheGatewayWithBasicAuthAndQueryKept(String method, String code) throws Exception {
        LibCoap.assumeAvailable();
        LibCoap.Result result = LibCoap.client(Duration.ofSeconds(20), "-m", method, "-e", "{\"v\":1}", "-t", "50",
                "-u", "hello", "-k", hexKey("world"), "-P", "coaps://127.0.0.1:" + gatewayPort,
                api.base() + "/api/lib?key=" + TOKEN + "&a=1&b=two");

        RecordingHttpServer.Seen seen = api.next();
        assertEquals(method.toUpperCase(java.util.Locale.ROOT), seen.method(), result.describe());
        assertEquals("/api/lib", seen.path());
        assertEquals("a=1&b=two", seen.query());
        assertEquals("Basic " + TOKEN, seen.authorization());
        assertTrue(result.stdout().contains("\"method\":\"" + seen.method() + "\""), result.describe());
    }

    @Test
    void libCoapClientWithoutTokenGetsUnauthorized() throws Exception {
        LibCoap.assumeAvailable();
        LibCoap.Result result = LibCoap.client(Duration.ofSeconds(20), "-u", "hello", "-k", hexKey("world"),
                "-P", "coaps://127.0.0.1:" + gatewayPort, api.base() + "/api/lib?a=1");
        assertTrue(result.stderr().contains("4.01") || result.stdout().contains("4.01"), result.describe());
        assertNull(api.requests.poll());
    }

    @Test
    void redirectsAreNotFollowed() throws Exception {
        CoapResponse response = send(CoAP.Code.GET, api.base() + "/api/redirect?key=" + TOKEN, null);
        assertEquals(ResponseCode.BAD_GATEWAY, response.getCode());
        api.next();
        assertNull(api.requests.poll(), "the redirect must not be followed");
    }

    @Test
    void aCookieSetByTheApiNeverRidesOnALaterRequest() throws Exception {
        send(CoAP.Code.GET, api.base() + "/api/login?key=" + TOKEN, null);
        api.next();
        // the next request may come from another device: the gateway keeps no HTTP session between requests
        send(CoAP.Code.GET, api.base() + "/api/x?key=" + TOKEN, null);
        assertNull(api.next().cookie());
    }
}
