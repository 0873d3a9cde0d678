package io.rmpcoap.routes;

import io.rmpcoap.routes.TargetPolicy.Verdict;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The allow-list that keeps the gateway from being an open proxy (SSRF).
 */
class TargetPolicyTest {

    static final String ALLOWED = "http://127.0.0.1:8080/api/,https://api.example.com/composite/,iot.example.org";

    private final TargetPolicy policy = new TargetPolicy(ALLOWED);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "http://127.0.0.1:8080/api/",
            "http://127.0.0.1:8080/api/devices",
            "http://127.0.0.1:8080/api/devices/42/readings",
            "http://127.0.0.1:8080/api/devices?key=aGVsbG86d29ybGQ=&a=1",
            "http://127.0.0.1:8080/api/x?next=http://evil.com/&path=../../admin",
            "http://127.0.0.1:8080/api/x#fragment",
            "http://127.0.0.1:8080/api/caf%C3%A9",
            "HTTP://127.0.0.1:8080/api/x",
            "https://api.example.com/composite/",
            "https://api.example.com/composite/orders?key=aGVsbG86d29ybGQ=",
            "https://api.example.com:443/composite/orders",
            "HTTPS://API.EXAMPLE.COM/composite/orders",
            "https://Api.Example.Com/composite/orders",
            "https://api.example.com./composite/orders",
            "http://iot.example.org/",
            "http://iot.example.org",
            "https://iot.example.org/any/path?q=1",
            "http://iot.example.org:80/x",
            "https://iot.example.org:443/x",
            "HTTPS://IOT.EXAMPLE.ORG/x" })
    void allowListedTargetsAreAllowed(String proxyUri) {
        assertEquals(Verdict.ALLOWED, policy.check(proxyUri));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            // the allowed address on another port or path
            "http://127.0.0.1:8081/api/x",
            "http://127.0.0.1/api/x",
            "http://127.0.0.1:80/api/x",
            "http://127.0.0.1:8080/admin",
            "http://127.0.0.1:8080/",
            "http://127.0.0.1:8080",
            "http://127.0.0.1:8080/api",
            "http://127.0.0.1:8080/apix/",
            "http://127.0.0.1:8080/API/x",
            // loopback, any-address and metadata in other spellings
            "http://localhost:8080/api/x",
            "http://LOCALHOST:8080/api/x",
            "http://[::1]:8080/api/x",
            "http://[0:0:0:0:0:0:0:1]:8080/api/x",
            "http://0.0.0.0:8080/api/x",
            "http://0:8080/api/x",
            "http://169.254.169.254/latest/meta-data/",
            "http://169.254.169.254:8080/api/x",
            "http://metadata.google.internal/computeMetadata/v1/",
            "http://2130706433:8080/api/x",
            "http://0177.0.0.1:8080/api/x",
            "http://0x7f000001:8080/api/x",
            "http://0x7f.0.0.1:8080/api/x",
            "http://127.1:8080/api/x",
            "http://127.0.1:8080/api/x",
            "http://127.000.000.001:8080/api/x",
            "http://[::ffff:127.0.0.1]:8080/api/x",
            "http://[::ffff:7f00:1]:8080/api/x",
            "http://[::127.0.0.1]:8080/api/x",
            "http://10.0.0.1/",
            "http://192.168.1.1/",
            // user info and look-alike hosts
            "https://api.example.com@evil.com/composite/x",
            "https://api.example.com:443@evil.com/composite/x",
            "https://user:pw@api.example.com/composite/x",
            "https://user@api.example.com/composite/x",
            "https://@api.example.com/composite/x",
            "http://127.0.0.1:8080@evil.com/api/x",
            "https://api.example.com.evil.com/composite/x",
            "https://evil.com/api.example.com/composite/x",
            "https://evil.com/composite/x?api.example.com",
            "https://evil.com#api.example.com/composite/",
            "https://evilapi.example.com/composite/x",
            "https://example.com/composite/x",
            "https://sub.api.example.com/composite/x",
            "http://iot.example.org.evil.com/",
            "http://sub.iot.example.org/",
            "http://xiot.example.org/",
            // encoded or escaped authority
            "https://%61pi.example.com/composite/x",
            "https://api%2eexample.com/composite/x",
            "https://api.example.com%2f@evil.com/composite/x",
            "https://api.example.com%40evil.com/composite/x",
            "http://[fe80::1%25eth0]:8080/api/x",
            "https://api.example.com\\@evil.com/composite/x",
            "https://evil.com\\api.example.com/composite/x",
            "https://api.\u0435xample.com/composite/x",
            // uppercase scheme to a denied host
            "HTTP://localhost:8080/api/x",
            "HtTpS://evil.com/composite/x",
            // path tricks
            "http://127.0.0.1:8080//api/x",
            "http://127.0.0.1:8080/api//x",
            "http://127.0.0.1:8080/api/x//",
            "http://127.0.0.1:8080/api/../admin",
            "http://127.0.0.1:8080/api/..",
            "http://127.0.0.1:8080/api/./x",
            "http://127.0.0.1:8080/api/.",
            "http://127.0.0.1:8080/api/x/../../admin",
            "http://127.0.0.1:8080/api/%2e%2e/admin",
            "http://127.0.0.1:8080/api/%2E%2E/admin",
            "http://127.0.0.1:8080/api/.%2e/admin",
            "http://127.0.0.1:8080/api/%2e./admin",
            "http://127.0.0.1:8080/api/%2e/admin",
            "http://127.0.0.1:8080/api%2fadmin",
            "http://127.0.0.1:8080/api/x%2f..%2f..%2fadmin",
            "http://127.0.0.1:8080/api/x%2F..%2F..%2Fadmin",
            "http://127.0.0.1:8080/api/..%5cadmin",
            "http://127.0.0.1:8080/api/..%5Cadmin",
            "http://127.0.0.1:8080/api\\..\\admin",
            "http://127.0.0.1:8080/api/..;/admin",
            "http://127.0.0.1:8080/api/..;jsessionid=1/admin",
            "http://127.0.0.1:8080/api/.;/admin",
            "https://api.example.com/composite/../admin",
            "https://api.example.com/composite/%2e%2e/admin",
            "https://iot.example.org/x/../../admin",
            // scheme, port and prefix mismatches
            "https://127.0.0.1:8080/api/x",
            "http://api.example.com/composite/x",
            "https://api.example.com:8443/composite/x",
            "https://api.example.com:80/composite/x",
            "https://api.example.com/compositeX",
            "https://api.example.com/compositeX/y",
            "https://api.example.com/composite",
            "https://api.example.com/",
            "https://api.example.com/other/composite/x",
            "http://iot.example.org:8080/",
            "http://iot.example.org:443/",
            "https://iot.example.org:80/",
            "http://127.0.0.1:4294975376/api/x",
            "http://127.0.0.1:-8080/api/x",
            // URLs the gateway cannot vouch for
            "http:",
            "http://",
            "http:///api/x",
            "http:/127.0.0.1:8080/api/x",
            "http:127.0.0.1:8080/api/x",
            "http://127.0.0.1:8080/api/x y",
            "http://127.0.0.1:8080/api/x\r\nHost: evil.com",
            "http://127.0.0.1:8080/api/%zz",
            "http://[::1/api/x" })
    void ssrfAttemptsAreDenied(String proxyUri) {
        assertEquals(Verdict.DENIED, policy.check(proxyUri));
    }

    @Test
    void overlongProxyUriIsDeniedEvenOnAnAllowedTarget() {
        String base = "http://127.0.0.1:8080/api/";
        String fits = base + "a".repeat(TargetPolicy.MAX_LENGTH - base.length());
        String tooLong = fits + "a";
        assertEquals(1034, fits.length());
        assertEquals(Verdict.ALLOWED, policy.check(fits));
        assertEquals(Verdict.DENIED, policy.check(tooLong));
        assertEquals(Verdict.DENIED, policy.check(base + "x?q=" + "a".repeat(5000)));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = {
            "ftp://127.0.0.1:8080/api/x",
            "coap://127.0.0.1:8080/api/x",
            "coaps://api.example.com/composite/x",
            "coap+tcp://api.example.com/composite/x",
            "file:///etc/passwd",
            "file://api.example.com/composite/x",
            "gopher://127.0.0.1:6379/_INFO",
            "javascript:alert(1)",
            "data:text/plain,hi",
            "ws://127.0.0.1:8080/api/x",
            "httpx://127.0.0.1:8080/api/x",
            "https+unix://api.example.com/composite/x",
            "api.example.com/composite/x",
            "//api.example.com/composite/x",
            "/api/x",
            "127.0.0.1:8080/api/x",
            " http://127.0.0.1:8080/api/x" })
    void nonHttpProxyUriIsNotHttp(String proxyUri) {
        assertEquals(Verdict.NOT_HTTP, policy.check(proxyUri));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "https://api.example.com/composite       | https://api.example.com/composite         | ALLOWED",
            "https://api.example.com/composite       | https://api.example.com/composite/x       | ALLOWED",
            "https://api.example.com/composite       | https://api.example.com/compositeX        | DENIED",
            "https://api.example.com                 | https://api.example.com/anything          | ALLOWED",
            "https://api.example.com                 | http://api.example.com/anything           | DENIED",
            "http://127.0.0.1:8080                   | http://127.0.0.1:8080/x                   | ALLOWED",
            "http://127.0.0.1                        | http://127.0.0.1:80/x                     | ALLOWED",
            "http://127.0.0.1                        | http://127.0.0.1:8080/x                   | DENIED",
            "HTTPS://API.EXAMPLE.COM/composite/      | https://api.example.com/composite/x       | ALLOWED",
            "API.Example.COM                         | https://api.example.com/x                 | ALLOWED",
            "[::1]                                   | http://[::1]/x                            | ALLOWED",
            "[::1]                                   | http://[0:0:0:0:0:0:0:1]/x                | DENIED",
            "127.0.0.1                               | http://127.0.0.1/x                        | ALLOWED",
            "127.0.0.1                               | http://2130706433/x                       | DENIED",
            "' a.example , b.example '               | https://b.example/x                       | ALLOWED",
            "a.example,,b.example,                   | https://b.example/x                       | ALLOWED" })
    void entriesArePrefixesOrBareHosts(String allowList, String proxyUri, Verdict verdict) {
        assertEquals(verdict, new TargetPolicy(allowList).check(proxyUri));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = { " ", ",", " , ,, " })
    void anEmptyAllowListIsRejectedBecauseTheGatewayIsNeverAnOpenProxy(String allowList) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new TargetPolicy(allowList));
        assertTrue(e.getMessage().contains("rmp.gateway.allowedTargets"), e.getMessage());
        assertTrue(e.getMessage().contains("open proxy"), e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
            "ftp://files.example.com/",
            "coap://device.example.com/",
            "https://user@api.example.com/composite/",
            "https://user:pw@api.example.com/composite/",
            "https://api.example.com/composite/?key=x",
            "https://api.example.com/composite/#f",
            "https:///composite/",
            "http://exa mple.com/",
            "*.example.com",
            "api.example.com/composite/",
            "api.example.com:8080",
            "exa mple.com",
            "evil.com@api.example.com",
            "http://[::1/",
            "file:///etc/passwd" })
    void badEntriesAreRejectedNamingTheEntry(String entry) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new TargetPolicy("https://api.example.com/composite/," + entry));
        assertTrue(e.getMessage().contains("'" + entry + "'"), e.getMessage());
    }
}
