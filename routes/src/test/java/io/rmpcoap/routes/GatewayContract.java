package io.rmpcoap.routes;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import java.time.Duration;

import io.rmpcoap.camel.test.LibCoap;
import io.rmpcoap.camel.test.LogCapture;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.test.TestPki;
import io.rmpcoap.routes.MisbehavingHttpBackend.Behaviour;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.DeadLetterChannelBuilder;
import org.apache.camel.builder.RouteBuilder;
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
import org.junit.jupiter.params.provider.EnumSource;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.apache.camel.builder.Builder.exchangeProperty;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway end to end: a Scandium PSK device, the gateway route, a real local HTTP server. Runs once against the
 * Java route, once against the YAML route and once more against the YAML route with pooled exchanges (the subclasses),
 * driven by the same rmp.gateway.* properties. The context has a dead letter channel, as an application's error
 * handling would, which records every exchange it gets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class GatewayContract {

    static final String TOKEN = "aGVsbG86d29ybGQ="; // hello:world
    /** The gateway's maxPayloadSize here: requests and answers up to it pass. */
    static final int MAX_PAYLOAD = 65_536;

    RecordingHttpServer api;
    private int closedPort;
    CamelContext context;
    private TestDevice device;
    private int gatewayPort;
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final Map<Behaviour, MisbehavingHttpBackend> misbehaving = new java.util.EnumMap<>(Behaviour.class);
    private RecordingHttpServer untrustedHttps;
    /** The headers of every exchange the dead letter channel received. */
    private final BlockingQueue<Map<String, Object>> deadLetters = new LinkedBlockingQueue<>();
    /** The charset (CamelCharsetName) of the latest answer from each target, as a step after the gateway's sees it. */
    private final Map<String, String> answerCharsets = new ConcurrentHashMap<>();

    /** Adds the gateway route under test to the context. */
    abstract void addGatewayRoute(CamelContext context) throws Exception;

    /** Sets the context up as a deployment would, before anything is added to it. */
    void configureContext(CamelContext context) {
    }

    static String hexKey(String password) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
    }

    @BeforeAll
    void startGateway() throws Exception {
        api = new RecordingHttpServer();
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        StringBuilder allowed = new StringBuilder(api.base() + "/api/,http://127.0.0.1:" + closedPort + "/");
        for (Behaviour behaviour : Behaviour.values()) {
            misbehaving.put(behaviour, new MisbehavingHttpBackend(behaviour));
            allowed.append(',').append(misbehaving.get(behaviour).base()).append('/');
        }
        // a certificate no JVM trust store knows, for 127.0.0.1
        untrustedHttps = RecordingHttpServer.https(TestPki.create(Files.createTempDirectory("pki")).server());
        allowed.append(',').append(untrustedHttps.base()).append('/');
        Properties properties = new Properties();
        properties.setProperty("rmp.gateway.listen", "coaps://127.0.0.1:0");
        properties.setProperty("rmp.gateway.pskIdentity", "hello");
        properties.setProperty("rmp.gateway.pskKey", hexKey("world"));
        properties.setProperty("rmp.gateway.allowedTargets", allowed.toString());
        properties.setProperty("rmp.gateway.maxPayloadSize", String.valueOf(MAX_PAYLOAD));
        properties.setProperty("rmp.gateway.separateResponseDelay", "300");
        properties.setProperty("rmp.gateway.httpResponseTimeout", "2500");
        context = new DefaultCamelContext();
        configureContext(context);
        context.getPropertiesComponent().setOverrideProperties(properties);
        context.getRegistry().bind("meterRegistry", meters);
        context.getCamelContextExtension().setErrorHandlerFactory(new DeadLetterChannelBuilder("direct:dead"));
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:dead").routeId("dead").process(e -> deadLetters.add(new HashMap<>(e.getMessage().getHeaders())));
            }
        });
        addGatewayRoute(context);
        // an application's step after the gateway's that fails for one path, to show the dead letter channel is live
        AdviceWith.adviceWith(context, GatewayRouteBuilder.ROUTE_ID, route -> route.weaveAddLast()
                .process(e -> answerCharsets.put(e.getProperty(AuthTokenProcessor.TARGET, String.class),
                        String.valueOf(e.getProperty(ExchangePropertyKey.CHARSET_NAME))))
                .filter(exchangeProperty(AuthTokenProcessor.TARGET).endsWith("/api/fail-after-the-call"))
                .throwException(new IllegalStateException("a later step failed")));
        context.start();
        gatewayPort = port(context, GatewayRouteBuilder.ROUTE_ID);
        device = TestDevice.psk("hello", hexKey("world"));
    }

    @AfterAll
    void stopGateway() throws Exception {
        device.close();
        context.stop();
        api.close();
        untrustedHttps.close();
        for (MisbehavingHttpBackend backend : misbehaving.values()) {
            backend.close();
        }
    }

    @BeforeEach
    void forgetRequests() {
        api.requests.clear();
    }

    CoapResponse send(CoAP.Code method, String proxyUri, String payload) throws Exception {
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
    void answersInTurnInDifferentContentTypesKeepTheirOwnFormatAndCharset() throws Exception {
        for (int i = 0; i < 3; i++) {
            CoapResponse json = send(CoAP.Code.GET, api.base() + "/api/x?key=" + TOKEN, null);
            assertEquals(MediaTypeRegistry.APPLICATION_JSON, json.getOptions().getContentFormat());
            assertEquals("UTF-8", answerCharsets.get(api.base() + "/api/x")); // Camel's for a JSON answer without one

            CoapResponse text = send(CoAP.Code.GET, api.base() + "/api/latin1?key=" + TOKEN, null);
            assertEquals(MediaTypeRegistry.TEXT_PLAIN, text.getOptions().getContentFormat());
            assertEquals("ISO-8859-1", answerCharsets.get(api.base() + "/api/latin1"));
            // the API's bytes as they came: CoAP names no charset, the route's later steps have CamelCharsetName
            assertArrayEquals("21,5 \u00b0C".getBytes(StandardCharsets.ISO_8859_1), text.getPayload());
        }
    }

    @Test
    void forwardedRequestsAreMeteredByTargetHostEvenWhenTheCallFailsAndRefusedOnesAreNot() throws Exception {
        long forwarded = served("127.0.0.1", "2.04");
        long failed = served("127.0.0.1", "5.02");
        long refused = served("none", "4.03");

        send(CoAP.Code.POST, api.base() + "/api/metered?key=" + TOKEN, "{}");
        send(CoAP.Code.POST, "http://127.0.0.1:" + closedPort + "/x?key=" + TOKEN, "{}");
        send(CoAP.Code.POST, api.base() + "/admin?key=" + TOKEN, "{}");

        assertEquals(forwarded + 1, served("127.0.0.1", "2.04"));
        assertEquals(failed + 1, served("127.0.0.1", "5.02"), "an API that cannot be reached is tagged with its host");
        assertEquals(refused + 1, served("none", "4.03"));
    }

    @Test
    void everyRefusalIsLoggedOncePerDeviceWithItsReasonAndTaggedInTheRequestMeter() throws Exception {
        String[][] refusals = {
                { api.base() + "/api/x?a=1", "4.01", "no-token" },
                { api.base() + "/api/x?key=b3RoZXI6d29ybGQ=", "4.03", "identity-mismatch" },
                { api.base() + "/admin?key=" + TOKEN, "4.03", "target-not-allowed" },
                { "ftp://127.0.0.1/x?key=" + TOKEN, "5.05", "not-http" },
                { "http://127.0.0.1:" + closedPort + "/x?key=" + TOKEN, "5.02", "backend-unreachable" } };
        // a device of its own: the log holds back a second line for the same device and reason for a minute
        try (TestDevice other = TestDevice.psk("hello", hexKey("world")); LogCapture log = LogCapture.debug()) {
            for (String[] refusal : refusals) {
                double before = refused(refusal[1], refusal[2]);
                for (int i = 0; i < 2; i++) {
                    Request request = new Request(CoAP.Code.GET);
                    request.getOptions().setProxyUri(refusal[0]);
                    CoapResponse response = other.send(request, gatewayPort);
                    assertEquals(refusal[1], response.getCode().text, refusal[2]);
                }
                assertEquals(before + 2, refused(refusal[1], refusal[2]), refusal[2] + " is tagged in the request meter");
            }
            List<String> lines = Arrays.stream(log.text().split("\n"))
                    .filter(line -> line.startsWith("io.rmpcoap.camel.RmpCoapConsumer Refused")).toList();
            for (String[] refusal : refusals) {
                assertEquals(1, lines.stream().filter(line -> line.contains("with " + refusal[1] + " (" + refusal[2] + ")"))
                        .count(), refusal[2] + " is logged once: " + lines);
            }
            assertEquals(refusals.length, lines.size(), String.join("\n", lines));
            assertTrue(lines.stream().allMatch(line -> line.contains("(identity hello) to host 127.0.0.1")), lines.toString());
            assertTrue(lines.stream().noneMatch(line -> line.contains(TOKEN) || line.contains("b3RoZXI6d29ybGQ")),
                    "the token is never logged");
        }
    }

    private double refused(String code, String reason) {
        var timer = meters.find("rmpcoap.server.requests").tags("code", code, "reason", reason).timer();
        return timer == null ? 0 : timer.count();
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
        // the redirect points to an allowed path of the same server: a client that followed it would be seen there
        CoapResponse response = send(CoAP.Code.GET, api.base() + "/api/redirect?key=" + TOKEN, null);
        assertEquals("/api/redirect", api.next().path());
        assertNull(api.requests.poll(), "the redirect must not be followed");
        assertEquals(ResponseCode.BAD_GATEWAY, response.getCode());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Behaviour.class, names = { "RESET", "CLOSE_WITHOUT_ANSWER", "CLOSE_MID_ANSWER" })
    void aBackendFailingTheConnectionIsBadGatewayAndNoDeadLetterSeesTheAuthorization(Behaviour behaviour)
            throws Exception {
        MisbehavingHttpBackend backend = misbehaving.get(behaviour);
        int before = backend.requests.get();

        CoapResponse response = send(CoAP.Code.POST, backend.base() + "/api/x?key=" + TOKEN, "{}");

        assertTrue(backend.requests.get() > before, "the backend must have been called");
        assertNoDeadLetterCarriesTheAuthorization();
        assertEquals(ResponseCode.BAD_GATEWAY, response.getCode());
        assertEquals(0, response.getPayload().length);
    }

    @Test
    void anHttpsBackendWithAnUntrustedCertificateIsBadGateway() throws Exception {
        CoapResponse response = send(CoAP.Code.GET, untrustedHttps.base() + "/api/x?key=" + TOKEN, null);
        assertNull(untrustedHttps.requests.poll(), "no request may be sent over an untrusted connection");
        assertNoDeadLetterCarriesTheAuthorization();
        assertEquals(ResponseCode.BAD_GATEWAY, response.getCode());
    }

    @Test
    void aStepFailingAfterTheCallSendsTheExchangeToTheDeadLetterChannelWithoutTheAuthorization() throws Exception {
        deadLetters.clear();
        send(CoAP.Code.POST, api.base() + "/api/fail-after-the-call?key=" + TOKEN, "{}");
        assertEquals("Basic " + TOKEN, api.next().authorization());
        Map<String, Object> deadLetter = deadLetters.poll(5, TimeUnit.SECONDS);
        assertNotNull(deadLetter, "the dead letter channel got nothing");
        assertFalse(deadLetter.containsKey("Authorization"), "the dead letter carries the Authorization header");
    }

    private void assertNoDeadLetterCarriesTheAuthorization() {
        for (Map<String, Object> headers : deadLetters) {
            assertFalse(headers.containsKey("Authorization"), "a dead letter carries the Authorization header");
        }
    }

    @Test
    void anAnswerOfMaxPayloadSizePassesAndOneByteMoreIsBadGateway() throws Exception {
        CoapResponse atTheCap = send(CoAP.Code.GET, api.base() + "/api/big/" + MAX_PAYLOAD + "?key=" + TOKEN, null);
        assertEquals(ResponseCode.CONTENT, atTheCap.getCode());
        assertEquals(MAX_PAYLOAD, atTheCap.getPayload().length);
        api.next();

        CoapResponse aboveTheCap = send(CoAP.Code.GET, api.base() + "/api/big/" + (MAX_PAYLOAD + 1) + "?key=" + TOKEN, null);
        assertEquals(ResponseCode.BAD_GATEWAY, aboveTheCap.getCode());
        assertEquals(0, aboveTheCap.getPayload().length);
        api.next();
    }

    @Test
    void anAnswerDeclaringMoreThanMaxPayloadSizeIsBadGatewayWithoutWaitingForItsBody() throws Exception {
        MisbehavingHttpBackend backend = misbehaving.get(Behaviour.HUGE_DECLARED_LENGTH);
        // the body never comes: a gateway waiting for it would answer 5.04 after the response timeout
        CoapResponse response = send(CoAP.Code.GET, backend.base() + "/api/x?key=" + TOKEN, null);
        assertEquals(ResponseCode.BAD_GATEWAY, response.getCode());
        await().atMost(Duration.ofSeconds(10)).untilTrue(backend.clientClosed);
    }

    @Test
    void anEndlessAnswerIsBadGatewayAndReadNoFurtherThanMaxPayloadSize() throws Exception {
        MisbehavingHttpBackend backend = misbehaving.get(Behaviour.ENDLESS);

        CoapResponse response = send(CoAP.Code.GET, backend.base() + "/api/x?key=" + TOKEN, null);

        assertEquals(ResponseCode.BAD_GATEWAY, response.getCode());
        // the gateway closed the connection instead of draining it (draining an endless body never ends)
        await().atMost(Duration.ofSeconds(10)).untilTrue(backend.clientClosed);
        // what the backend got out: what the gateway read (at most the cap + 1 byte) plus the TCP buffers in between,
        // which the kernel sizes to what the reader consumes: far below what reading the body on would give
        long sent = backend.bodyBytesSent.get();
        assertTrue(sent < 8L * 1024 * 1024, "the backend sent " + sent + " bytes before the gateway closed");
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
