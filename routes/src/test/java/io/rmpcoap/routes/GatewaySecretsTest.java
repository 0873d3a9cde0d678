package io.rmpcoap.routes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

import io.rmpcoap.camel.test.LogCapture;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.tools.AuthTokens;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.Test;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With every logger at DEBUG (Camel, Californium, Scandium, Apache HttpClient but its wire dumps), the gateway forwards requests with an
 * AuthToken (a good one and one with a wrong password), refuses others, fails on a dead backend that is on the
 * allow-list (so the HTTP call really happens) and fails the handshake of a device with a wrong key, and neither the
 * tokens, the passwords, the PSK keys nor the Basic credentials appear in the log or in a CoAP payload.
 */
class GatewaySecretsTest {

    /**
     * Apache HttpClient's wire and header dumps print every byte sent, Authorization included, like a packet capture;
     * SECURITY.md and the example's log4j2.xml keep them off. Everything else runs at DEBUG.
     */
    static final String[] HTTP_WIRE_LOGGERS = { "org.apache.hc.client5.http.wire", "org.apache.hc.client5.http.headers" };

    private static final String USER = "hello";
    private static final String PASSWORD = "Pl4tform-Passw0rd";
    private static final String WRONG_PASSWORD = "Wr0ng-Pl4tform-Passw0rd";

    @Test
    void debugLogAndAnswersNeverShowTokenPasswordOrKey() throws Exception {
        String token = AuthTokens.encode(USER, PASSWORD);
        String wrongToken = AuthTokens.encode(USER, WRONG_PASSWORD);
        String key = PskKeys.hexKey(PASSWORD);
        String wrongKey = PskKeys.hexKey(WRONG_PASSWORD);
        int deadPort;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
            deadPort = socket.getLocalPort();
        }
        String dead = "http://127.0.0.1:" + deadPort + "/api/";
        StringBuilder payloads = new StringBuilder();
        String log;
        try (RecordingHttpServer api = new RecordingHttpServer(); LogCapture capture = LogCapture.debug(HTTP_WIRE_LOGGERS)) {
            Properties properties = new Properties();
            properties.setProperty("rmp.gateway.listen", "coaps://127.0.0.1:0");
            // the credential store file: Camel core logs every resolved {{placeholder}} at DEBUG, so a key given as
            // rmp.gateway.pskKey would be logged by Camel itself at DEBUG (SECURITY.md)
            Path store = Files.createTempFile("devices", ".properties");
            Files.writeString(store, USER + "=" + key + "\n");
            properties.setProperty("rmp.gateway.pskStoreFile", "file:" + store);
            properties.setProperty("rmp.gateway.allowedTargets", api.base() + "/api/," + dead);
            CamelContext context = new DefaultCamelContext();
            context.getPropertiesComponent().setOverrideProperties(properties);
            context.addRoutes(new GatewayRouteBuilder());
            context.start();
            int port = port(context, GatewayRouteBuilder.ROUTE_ID);
            try (TestDevice device = TestDevice.psk(USER, key); TestDevice wrongKeyDevice = TestDevice.psk(USER, wrongKey)) {
                List<String> codes = new java.util.ArrayList<>();
                for (String target : List.of(api.base() + "/api/ok?key=" + token + "&a=1",
                        api.base() + "/api/wrong-password?key=" + wrongToken,
                        api.base() + "/api/status/500?key=" + token,
                        api.base() + "/admin?key=" + token,
                        api.base() + "/api/x?key=" + token + "&key=" + token,
                        dead + "?key=" + token)) {
                    Request request = new Request(CoAP.Code.POST);
                    request.getOptions().setProxyUri(target);
                    request.setPayload("{}");
                    CoapResponse response = device.send(request, port);
                    assertNotNull(response, "no answer for " + target.replace(token, "TOKEN"));
                    codes.add(response.getCode().text);
                    payloads.append(response.getResponseText()).append('\n');
                }
                // the dead backend is on the allow-list: the call is made and fails, it is not refused
                assertEquals(List.of("2.04", "2.04", "5.00", "4.03", "4.01", "5.02"), codes);
                assertEquals("Basic " + token, api.next().authorization(), "the token must still reach the API");
                assertEquals("Basic " + wrongToken, api.next().authorization(), "a wrong password is the API's to refuse");

                Request request = new Request(CoAP.Code.POST);
                request.getOptions().setProxyUri(api.base() + "/api/ok?key=" + token);
                assertNull(wrongKeyDevice.send(request, port, 3000), "a device with a wrong key must not get through");
            } finally {
                context.stop();
            }
            // the test device runs in this JVM and Californium logs its own requests ("Exchange[L..", locally
            // originated); the gateway only answers remote exchanges ("Exchange[R..") and originates none
            Files.delete(store);
            log = capture.text().lines().filter(line -> !line.contains("Exchange[L")).collect(Collectors.joining("\n"));
            assertTrue(capture.size() > 100, "DEBUG logging must really be on");
        }
        String basic = java.util.Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        String wrongBasic = java.util.Base64.getEncoder()
                .encodeToString((USER + ":" + WRONG_PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (String secret : List.of(token, PASSWORD, key, basic, wrongToken, WRONG_PASSWORD, wrongKey, wrongBasic)) {
            List<String> leaks = log.lines().filter(line -> line.contains(secret))
                    .map(line -> line.replace(secret, "SECRET")).toList();
            assertTrue(leaks.isEmpty(), "the DEBUG log shows a secret:\n" + String.join("\n", leaks));
            assertFalse(payloads.toString().contains(secret), "a CoAP answer shows a secret");
        }
    }
}
