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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With every logger at DEBUG (Camel, Californium, Scandium, Apache HttpClient but its wire dumps), the gateway forwards requests with an
 * AuthToken, refuses others and fails on a dead backend, and neither the token, the password, the PSK key nor the
 * Basic credentials appear in the log or in a CoAP payload.
 */
class GatewaySecretsTest {

    /**
     * Apache HttpClient's wire and header dumps print every byte sent, Authorization included, like a packet capture;
     * SECURITY.md and the example's log4j2.xml keep them off. Everything else runs at DEBUG.
     */
    static final String[] HTTP_WIRE_LOGGERS = { "org.apache.hc.client5.http.wire", "org.apache.hc.client5.http.headers" };

    private static final String USER = "hello";
    private static final String PASSWORD = "Pl4tform-Passw0rd";

    @Test
    void debugLogAndAnswersNeverShowTokenPasswordOrKey() throws Exception {
        String token = AuthTokens.encode(USER, PASSWORD);
        String key = PskKeys.hexKey(PASSWORD);
        StringBuilder payloads = new StringBuilder();
        String log;
        try (RecordingHttpServer api = new RecordingHttpServer(); LogCapture capture = LogCapture.debug(HTTP_WIRE_LOGGERS)) {
            Properties properties = new Properties();
            properties.setProperty("rmp.gateway.listen", "coaps://127.0.0.1:0");
            // the credential store file is the gateway's default form: Camel core logs every resolved {{placeholder}}
            // at DEBUG, so a key spelled inline in rmp.gateway.security would be logged by Camel itself
            Path store = Files.createTempFile("devices", ".properties");
            Files.writeString(store, USER + "=" + key + "\n");
            properties.setProperty("rmp.gateway.pskStoreFile", "file:" + store);
            properties.setProperty("rmp.gateway.allowedTargets", api.base() + "/api/");
            CamelContext context = new DefaultCamelContext();
            context.getPropertiesComponent().setOverrideProperties(properties);
            context.addRoutes(new GatewayRouteBuilder());
            context.start();
            try (TestDevice device = TestDevice.psk(USER, key)) {
                int port = port(context, GatewayRouteBuilder.ROUTE_ID);
                for (String target : List.of(api.base() + "/api/ok?key=" + token + "&a=1",
                        api.base() + "/api/status/500?key=" + token,
                        api.base() + "/admin?key=" + token,
                        api.base() + "/api/x?key=" + token + "&key=" + token,
                        "http://127.0.0.1:1/api/?key=" + token)) {
                    Request request = new Request(CoAP.Code.POST);
                    request.getOptions().setProxyUri(target);
                    request.setPayload("{}");
                    CoapResponse response = device.send(request, port);
                    assertNotNull(response, "no answer for " + target.replace(token, "TOKEN"));
                    payloads.append(response.getResponseText()).append('\n');
                }
                assertEquals("Basic " + token, api.next().authorization(), "the token must still reach the API");
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
        for (String secret : List.of(token, PASSWORD, key, basic)) {
            List<String> leaks = log.lines().filter(line -> line.contains(secret))
                    .map(line -> line.replace(secret, "SECRET")).toList();
            assertTrue(leaks.isEmpty(), "the DEBUG log shows a secret:\n" + String.join("\n", leaks));
            assertFalse(payloads.toString().contains(secret), "a CoAP answer shows a secret");
        }
    }
}
