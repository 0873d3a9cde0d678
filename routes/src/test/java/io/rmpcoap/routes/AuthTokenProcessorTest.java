package io.rmpcoap.routes;

import java.util.Map;
import java.util.Set;

import io.rmpcoap.camel.RmpCoapConstants;
import io.rmpcoap.camel.tools.AuthTokens;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AuthToken processor on its own: what it makes of a device's Proxy-Uri, and what it refuses.
 */
class AuthTokenProcessorTest {

    static final String ALLOWED = "http://127.0.0.1:8080/api/,https://api.example.com/composite/,iot.example.org";
    static final String TOKEN = "aGVsbG86d29ybGQ="; // hello:world
    static final String BASIC = "Basic " + TOKEN;
    static final String API = "http://127.0.0.1:8080/api/devices";

    private CamelContext context;
    private final AuthTokenProcessor processor = new AuthTokenProcessor(ALLOWED, true);

    @BeforeEach
    void createContext() {
        context = new DefaultCamelContext();
    }

    @AfterEach
    void stopContext() {
        context.stop();
    }

    private Exchange exchange(String method, String proxyUri) {
        Exchange exchange = new DefaultExchange(context);
        Message message = exchange.getMessage();
        message.setHeader(RmpCoapConstants.REQUEST_METHOD, method);
        message.setHeader(RmpCoapConstants.REQUEST_PROXY_URI, proxyUri);
        message.setHeader(RmpCoapConstants.PSK_IDENTITY, "hello");
        message.setBody(new byte[] { 1, 2, 3 });
        return exchange;
    }

    private Exchange process(String method, String proxyUri) throws Exception {
        return process(processor, exchange(method, proxyUri));
    }

    private static Exchange process(AuthTokenProcessor processor, Exchange exchange) throws Exception {
        processor.process(exchange);
        return exchange;
    }

    private static void assertForwarded(Exchange exchange, String httpUri) {
        Message message = exchange.getMessage();
        assertNull(message.getHeader(RmpCoapConstants.RESPONSE_CODE), "not refused");
        assertFalse(exchange.isRouteStop(), "the route goes on to the API");
        assertEquals(httpUri, message.getHeader(Exchange.HTTP_URI));
        assertEquals(httpUri, exchange.getProperty(AuthTokenProcessor.TARGET));
        assertNull(message.getHeader(RmpCoapConstants.REQUEST_PROXY_URI), "the device's Proxy-Uri, with the token");
    }

    private static void assertRejected(Exchange exchange, String code) {
        Message message = exchange.getMessage();
        assertEquals(code, message.getHeader(RmpCoapConstants.RESPONSE_CODE));
        assertTrue(exchange.isRouteStop(), "the route must stop before the API");
        assertNull(message.getBody(), "a refusal has no payload");
        assertNull(message.getHeader(Exchange.HTTP_URI));
        assertNull(message.getHeader(RmpCoapConstants.REQUEST_PROXY_URI));
        assertNull(message.getHeader("Authorization"));
    }

    /** Names of headers whose value contains the text. */
    private static String headersContaining(Exchange exchange, String text) {
        StringBuilder names = new StringBuilder();
        for (Map.Entry<String, Object> header : exchange.getMessage().getHeaders().entrySet()) {
            if (header.getValue() != null && header.getValue().toString().contains(text)) {
                names.append(header.getKey()).append(' ');
            }
        }
        return names.toString().trim();
    }

    // the HTTP request

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "http://127.0.0.1:8080/api/devices?key=" + TOKEN + "                | http://127.0.0.1:8080/api/devices",
            "http://127.0.0.1:8080/api/devices?key=" + TOKEN + "&a=1&b=2        | http://127.0.0.1:8080/api/devices?a=1&b=2",
            "http://127.0.0.1:8080/api/devices?a=1&key=" + TOKEN + "&b=2        | http://127.0.0.1:8080/api/devices?a=1&b=2",
            "http://127.0.0.1:8080/api/devices?b=2&a=1&key=" + TOKEN + "        | http://127.0.0.1:8080/api/devices?b=2&a=1",
            "http://127.0.0.1:8080/api/devices?q=a%20b&r=c+d&s=%26&key=" + TOKEN + " | http://127.0.0.1:8080/api/devices?q=a%20b&r=c+d&s=%26",
            "http://127.0.0.1:8080/api/devices?&key=" + TOKEN + "&&a=1&         | http://127.0.0.1:8080/api/devices?a=1",
            "http://127.0.0.1:8080/api/devices?flag&key=" + TOKEN + "           | http://127.0.0.1:8080/api/devices?flag",
            "http://127.0.0.1:8080/api/devices?keys=1&mykey=2&key=" + TOKEN + " | http://127.0.0.1:8080/api/devices?keys=1&mykey=2",
            "http://127.0.0.1:8080/api/devices?key=" + TOKEN + "#frag          | http://127.0.0.1:8080/api/devices",
            "HTTP://127.0.0.1:8080/api/devices?key=" + TOKEN + "                | http://127.0.0.1:8080/api/devices",
            "https://api.example.com/composite/orders?id=7&key=" + TOKEN + "    | https://api.example.com/composite/orders?id=7",
            "https://iot.example.org?key=" + TOKEN + "                         | https://iot.example.org/",
            "http://iot.example.org/caf%C3%A9?key=" + TOKEN + "                 | http://iot.example.org/caf%C3%A9" })
    void httpUriIsTheProxyUriWithoutTheKeyKeepingOtherParametersInOrderAndRaw(String proxyUri, String httpUri)
            throws Exception {
        Exchange exchange = process("POST", proxyUri);
        assertForwarded(exchange, httpUri);
        assertEquals(BASIC, exchange.getMessage().getHeader("Authorization"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "GET, GET", "POST, POST", "PUT, PUT", "DELETE, DELETE", "PATCH, PATCH", "IPATCH, PATCH" })
    void coapMethodBecomesTheHttpMethod(String coapMethod, String httpMethod) throws Exception {
        Exchange exchange = process(coapMethod, API + "?key=" + TOKEN);
        assertForwarded(exchange, API);
        assertEquals(httpMethod, exchange.getMessage().getHeader(Exchange.HTTP_METHOD, String.class));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "FETCH", "CUSTOM_30", "get", "" })
    void coapMethodWithoutHttpEquivalentIsMethodNotAllowed(String coapMethod) throws Exception {
        assertRejected(process(coapMethod, API + "?key=" + TOKEN), "4.05");
    }

    @Test
    void missingMethodIsMethodNotAllowed() throws Exception {
        assertRejected(process(null, API + "?key=" + TOKEN), "4.05");
    }

    @Test
    void tokenBecomesBasicAuthorization() throws Exception {
        assertEquals(BASIC, process("GET", API + "?key=" + TOKEN).getMessage().getHeader("Authorization"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "aGVsbG86cGE+c3M/d35yZA==", "aGVsbG86cGE%2Bc3M%2Fd35yZA%3D%3D", "aGVsbG86cGE+c3M/d35yZA",
                             "aGVsbG86cGE-c3M_d35yZA==" })
    void base64TokenWithPlusAndSlashSurvives(String token) throws Exception {
        // hello:pa>ss?w~rd; '+' in a query is not a space here
        Exchange exchange = process("GET", API + "?key=" + token);
        assertForwarded(exchange, API);
        assertEquals("Basic aGVsbG86cGE+c3M/d35yZA==", exchange.getMessage().getHeader("Authorization"));
    }

    @Test
    void percentEncodedKeyNameIsStillTheKey() throws Exception {
        Exchange exchange = process("GET", API + "?a=1&k%65y=" + TOKEN);
        assertForwarded(exchange, API + "?a=1");
        assertEquals(BASIC, exchange.getMessage().getHeader("Authorization"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
            "50 | application/json",
            "0  | text/plain; charset=utf-8",
            "60 | application/cbor",
            "42 | application/octet-stream" })
    void contentFormatAndAcceptBecomeContentTypeAndAccept(int format, String mediaType) throws Exception {
        Exchange exchange = exchange("POST", API + "?key=" + TOKEN);
        exchange.getMessage().setHeader(RmpCoapConstants.REQUEST_CONTENT_FORMAT, format);
        exchange.getMessage().setHeader(RmpCoapConstants.REQUEST_ACCEPT, format);
        process(processor, exchange);
        assertEquals(mediaType, exchange.getMessage().getHeader(Exchange.CONTENT_TYPE));
        assertEquals(mediaType, exchange.getMessage().getHeader("Accept"));
    }

    @Test
    void unregisteredOrMissingFormatsSetNoContentTypeOrAccept() throws Exception {
        Exchange exchange = exchange("POST", API + "?key=" + TOKEN);
        exchange.getMessage().setHeader(RmpCoapConstants.REQUEST_CONTENT_FORMAT, 65000);
        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "text/html");
        exchange.getMessage().setHeader("Accept", "text/html");
        process(processor, exchange);
        assertForwarded(exchange, API);
        assertNull(exchange.getMessage().getHeader(Exchange.CONTENT_TYPE));
        assertNull(exchange.getMessage().getHeader("Accept"));
    }

    @Test
    void payloadIsForwardedUnchanged() throws Exception {
        Exchange exchange = process("POST", API + "?key=" + TOKEN);
        assertEquals(3, exchange.getMessage().getBody(byte[].class).length);
    }

    // refusals

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "no query                 | http://127.0.0.1:8080/api/devices",
            "no key parameter         | http://127.0.0.1:8080/api/devices?a=1",
            "empty key                | http://127.0.0.1:8080/api/devices?key=",
            "key without value        | http://127.0.0.1:8080/api/devices?key",
            "blank key                | http://127.0.0.1:8080/api/devices?key=%20%20",
            "not Base64               | http://127.0.0.1:8080/api/devices?key=***",
            "not Base64 either        | http://127.0.0.1:8080/api/devices?key=aGVs%20bG86d29ybGQ=",
            "no colon                 | http://127.0.0.1:8080/api/devices?key=aGVsbG8=",
            "empty user               | http://127.0.0.1:8080/api/devices?key=Ondvcmxk",
            "repeated key             | http://127.0.0.1:8080/api/devices?key=" + TOKEN + "&key=" + TOKEN,
            "repeated, other token    | http://127.0.0.1:8080/api/devices?key=" + TOKEN + "&key=b3RoZXI6d29ybGQ=",
            "repeated, one empty      | http://127.0.0.1:8080/api/devices?key=&key=" + TOKEN,
            "repeated, encoded name   | http://127.0.0.1:8080/api/devices?key=" + TOKEN + "&k%65y=" + TOKEN,
            "token only in fragment   | http://127.0.0.1:8080/api/devices#key=" + TOKEN,
            "token in fragment query  | http://127.0.0.1:8080/api/devices?a=1#&key=" + TOKEN,
            "uppercase name           | http://127.0.0.1:8080/api/devices?KEY=" + TOKEN,
            "token in the path        | http://127.0.0.1:8080/api/devices/key=" + TOKEN })
    void missingOrInvalidTokenIsUnauthorized(String name, String proxyUri) throws Exception {
        assertRejected(process("POST", proxyUri), "4.01");
    }

    @Test
    void tokenOfAnotherUserThanThePskIdentityIsForbidden() throws Exception {
        // other:world
        assertRejected(process("POST", API + "?key=b3RoZXI6d29ybGQ="), "4.03");
    }

    private static String tokenOf(String user, String password) {
        return AuthTokens.encode(user, password).replace("+", "%2B").replace("/", "%2F");
    }

    @Test
    void identityComparisonIsExact() throws Exception {
        assertRejected(process("POST", API + "?key=" + tokenOf("Hello", "world")), "4.03");
        assertRejected(process("POST", API + "?key=" + tokenOf("hello ", "world")), "4.03");
    }

    @Test
    void tokenOfAnotherUserIsAllowedWhenIdentityMatchIsNotRequired() throws Exception {
        AuthTokenProcessor lenient = new AuthTokenProcessor(ALLOWED, false);
        Exchange exchange = process(lenient, exchange("POST", API + "?key=b3RoZXI6d29ybGQ="));
        assertForwarded(exchange, API);
        assertEquals("Basic b3RoZXI6d29ybGQ=", exchange.getMessage().getHeader("Authorization"));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "http://127.0.0.1:8080/admin?key=" + TOKEN,
            "http://127.0.0.1:8081/api/devices?key=" + TOKEN,
            "http://localhost:8080/api/devices?key=" + TOKEN,
            "http://169.254.169.254/latest/meta-data/?key=" + TOKEN,
            "http://127.0.0.1:8080/api/../admin?key=" + TOKEN,
            "https://api.example.com@evil.com/composite/x?key=" + TOKEN })
    void targetNotOnTheAllowListIsForbidden(String proxyUri) throws Exception {
        assertRejected(process("POST", proxyUri), "4.03");
    }

    @Test
    void overlongProxyUriIsForbidden() throws Exception {
        assertRejected(process("POST", API + "?key=" + TOKEN + "&pad=" + "x".repeat(1100)), "4.03");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "ftp://127.0.0.1:8080/api/devices?key=" + TOKEN,
            "coap://127.0.0.1:8080/api/devices?key=" + TOKEN,
            "file:///etc/passwd?key=" + TOKEN,
            "gopher://127.0.0.1:6379/_INFO?key=" + TOKEN })
    void nonHttpTargetIsProxyingNotSupported(String proxyUri) throws Exception {
        assertRejected(process("GET", proxyUri), "5.05");
    }

    @Test
    void missingProxyUriIsProxyingNotSupported() throws Exception {
        assertRejected(process("GET", null), "5.05");
    }

    @Test
    void policyIsCheckedBeforeTheToken() throws Exception {
        assertRejected(process("GET", "http://evil.com/"), "4.03");
        assertRejected(process("FETCH", "http://evil.com/"), "4.03");
    }

    @Test
    void constructorRejectsAnEmptyAllowList() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> new AuthTokenProcessor(" ", true))
                .getMessage().contains("open proxy"));
    }

    // header injection and token hygiene

    private static Exchange withInjectedHeaders(Exchange exchange) {
        Message message = exchange.getMessage();
        message.setHeader(Exchange.HTTP_URI, "http://evil.com/steal");
        message.setHeader(Exchange.HTTP_METHOD, "DELETE");
        message.setHeader("Authorization", "Basic ZXZpbDpldmls");
        message.setHeader(Exchange.HTTP_QUERY, "admin=true");
        message.setHeader(Exchange.HTTP_RAW_QUERY, "admin=true");
        message.setHeader(Exchange.HTTP_PATH, "/../admin");
        message.setHeader(Exchange.HTTP_BASE_URI, "http://evil.com");
        message.setHeader("Host", "evil.com");
        message.setHeader("X-Forwarded-For", "10.0.0.1");
        message.setHeader("Cookie", "session=stolen");
        return exchange;
    }

    @Test
    void injectedHttpHeadersAreRemovedOrOverridden() throws Exception {
        Exchange exchange = process(processor, withInjectedHeaders(exchange("GET", API + "?a=1&key=" + TOKEN)));
        Message message = exchange.getMessage();
        assertForwarded(exchange, API + "?a=1");
        assertEquals("GET", message.getHeader(Exchange.HTTP_METHOD, String.class));
        assertEquals(BASIC, message.getHeader("Authorization"));
        for (String header : new String[] { Exchange.HTTP_QUERY, Exchange.HTTP_RAW_QUERY, Exchange.HTTP_PATH,
                                            Exchange.HTTP_BASE_URI, "Host", "X-Forwarded-For", "Cookie" }) {
            assertNull(message.getHeader(header), header);
        }
    }

    @Test
    void theHttpRequestsHeadersAreTheOnlyOnesLeft() throws Exception {
        Exchange exchange = withInjectedHeaders(exchange("POST", API + "?key=" + TOKEN));
        Message message = exchange.getMessage();
        message.setHeader(RmpCoapConstants.REQUEST_URI_QUERY, "key=" + TOKEN);
        message.setHeader(RmpCoapConstants.REQUEST_CONTENT_FORMAT, 50);
        message.setHeader(RmpCoapConstants.REQUEST_ACCEPT, 50);
        message.setHeader(RmpCoapConstants.REMOTE_ADDRESS, "127.0.0.1:40000");
        process(processor, exchange);
        assertEquals(Set.of(Exchange.HTTP_URI, Exchange.HTTP_METHOD, "Authorization", Exchange.CONTENT_TYPE, "Accept"),
                message.getHeaders().keySet());
    }

    @Test
    void injectedHeadersAreRemovedFromARefusedRequestToo() throws Exception {
        Exchange exchange = process(processor, withInjectedHeaders(exchange("GET", API + "?a=1")));
        assertRejected(exchange, "4.01");
        assertEquals("", headersContaining(exchange, "evil"));
        assertNull(exchange.getMessage().getHeader(Exchange.HTTP_METHOD));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "GET", "POST", "IPATCH" })
    void noHeaderButAuthorizationCarriesTheToken(String method) throws Exception {
        Exchange exchange = exchange(method, API + "?a=1&key=" + TOKEN + "&b=2");
        // as the consumer sets it when the device uses Proxy-Scheme with Uri-Query options
        exchange.getMessage().setHeader(RmpCoapConstants.REQUEST_URI_QUERY, "a=1&key=" + TOKEN + "&b=2");
        process(processor, exchange);
        assertForwarded(exchange, API + "?a=1&b=2");
        assertEquals("Authorization", headersContaining(exchange, TOKEN));
        assertEquals("", headersContaining(exchange, "hello:world"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "other user     | http://127.0.0.1:8080/api/devices?key=b3RoZXI6d29ybGQ=                       | b3RoZXI6d29ybGQ= | 4.03",
            "repeated key   | http://127.0.0.1:8080/api/devices?key=aGVsbG86d29ybGQ=&key=aGVsbG86d29ybGQ= | aGVsbG86d29ybGQ= | 4.01",
            "not allowed    | http://127.0.0.1:8080/admin?key=aGVsbG86d29ybGQ=                            | aGVsbG86d29ybGQ= | 4.03",
            "not http       | coap://127.0.0.1/x?key=aGVsbG86d29ybGQ=                                     | aGVsbG86d29ybGQ= | 5.05",
            "bad method     | http://127.0.0.1:8080/api/devices?key=aGVsbG86d29ybGQ=                       | aGVsbG86d29ybGQ= | 4.05" })
    void noHeaderOfARefusedRequestCarriesTheToken(String name, String proxyUri, String token, String code)
            throws Exception {
        Exchange exchange = exchange(code.equals("4.05") ? "FETCH" : "POST", proxyUri);
        exchange.getMessage().setHeader(RmpCoapConstants.REQUEST_URI_QUERY, "key=" + token);
        process(processor, exchange);
        assertRejected(exchange, code);
        assertEquals("", headersContaining(exchange, token));
    }
}
