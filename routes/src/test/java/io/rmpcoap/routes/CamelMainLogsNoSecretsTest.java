package io.rmpcoap.routes;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.LogCapture;
import io.rmpcoap.camel.tools.AuthTokens;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * An application as integrators write it, on Camel Main with its default start-up summaries: the bundled gateway YAML
 * with a device key given inline as rmp.gateway.pskKey, a producer whose proxyUri carries an AuthToken, the
 * rmpcoap-sink Kamelet with a pskPassword placeholder and the rmpcoap-source Kamelet with a pskKey, and an endpoint
 * URI with user info. At INFO (the default) and at DEBUG, no token, key, password or user info appears in a log
 * line, an exception message or an endpoint URI Camel prints. At DEBUG the loggers outside rmpcoap that print what
 * they are given stay at INFO, as SECURITY.md says deployments must keep them: Apache HttpClient's wire dumps,
 * Californium's exchange traces (every message a producer sends, its Proxy-Uri included) and Camel core's placeholder
 * resolution (the resolved text and each property's value).
 */
class CamelMainLogsNoSecretsTest {

    static final String[] PRINT_SECRETS_AT_DEBUG = { "org.apache.hc.client5.http.wire", "org.apache.hc.client5.http.headers",
                                                     "org.apache.camel.impl.engine.DefaultCamelContextExtension",
                                                     "org.apache.camel.component.properties",
                                                     "org.eclipse.californium.core.network" };

    private static final String PASSWORD = "Dev1ce-Passw0rd";
    private static final String KEY = PskKeys.hexKey(PASSWORD);
    private static final String TOKEN = AuthTokens.encode("hello", PASSWORD);
    private static final String STORE_PASSWORD = "Tru5t-St0re-Pw";

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "INFO", "DEBUG" })
    void noTokenKeyPasswordOrUserInfoInLogsExceptionsOrEndpointUris(String level) throws Exception {
        List<String> printed = new ArrayList<>();
        BlockingQueue<String> telemetry = new LinkedBlockingQueue<>();
        String log;
        try (RecordingHttpServer api = new RecordingHttpServer();
             LogCapture capture = LogCapture.at(Level.valueOf(level), PRINT_SECRETS_AT_DEBUG)) {
            int gatewayPort = FreePorts.udp();
            int sourcePort = FreePorts.udp();
            Properties properties = new Properties();
            properties.setProperty("camel.main.routes-include-pattern", "classpath:io/rmpcoap/routes/rmp-gateway.yaml");
            properties.setProperty("rmp.gateway.listen", "coaps://127.0.0.1:" + gatewayPort);
            properties.setProperty("rmp.gateway.pskIdentity", "hello");
            properties.setProperty("rmp.gateway.pskKey", KEY);
            properties.setProperty("rmp.gateway.trustStorePassword", STORE_PASSWORD);
            properties.setProperty("rmp.gateway.allowedTargets", api.base() + "/api/");
            properties.setProperty("device.password", PASSWORD);
            properties.setProperty("device.pskKey", KEY);
            Main main = new Main();
            main.setOverrideProperties(properties);
            main.configure().addRoutesBuilder(new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:api").routeId("through-the-gateway")
                            .to("rmpcoap:coaps://127.0.0.1:" + gatewayPort + "/?pskIdentity=hello"
                                + "&pskPassword={{device.password}}&timeout=5000"
                                + "&proxyUri=RAW(" + api.base() + "/api/x?key=" + TOKEN + "&a=1)");
                    from("direct:sink").routeId("sink")
                            .to("kamelet:rmpcoap-sink?address=coaps://127.0.0.1:" + sourcePort + "/telemetry"
                                + "&pskIdentity=hello&pskPassword={{device.password}}&timeout=5000");
                    from("kamelet:rmpcoap-source?address=coaps://127.0.0.1:" + sourcePort + "/telemetry"
                         + "&pskIdentity=hello&pskKey={{device.pskKey}}").routeId("source")
                            .process(e -> telemetry.add(e.getMessage().getBody(String.class)));
                }
            });
            main.start();
            try {
                CamelContext context = main.getCamelContext();
                ProducerTemplate template = context.createProducerTemplate();
                Exchange viaGateway = template.request("direct:api", e -> e.getMessage().setBody(null));
                assertEquals("2.05", viaGateway.getMessage().getHeader("CamelRmpCoapResponseCode"),
                        String.valueOf(viaGateway.getException()));
                assertEquals("Basic " + TOKEN, api.next().authorization(), "the token must reach the API");

                Exchange sent = template.request("direct:sink", e -> e.getMessage().setBody("{\"t\":21}"));
                assertEquals(null, sent.getException());
                assertEquals("{\"t\":21}", telemetry.poll(10, TimeUnit.SECONDS));

                Exception userInfo = assertThrows(Exception.class,
                        () -> context.getEndpoint("rmpcoap:coap://hello:" + PASSWORD + "@127.0.0.1:5683/x"));
                printed.add(stackTrace(userInfo));
                for (var endpoint : context.getEndpoints()) {
                    printed.add(endpoint.toString());
                }
                for (Route route : context.getRoutes()) {
                    printed.add(route.toString() + " " + route.getEndpoint());
                }
            } finally {
                main.stop();
            }
            log = capture.text();
            // the summaries that used to print the secrets were really logged, with the secrets masked
            assertTrue(log.contains("Property-placeholders summary"), "Camel Main logged no placeholder summary");
            assertTrue(log.lines().anyMatch(line -> line.contains("pskPassword = xxxxxx")), "the Kamelet's pskPassword");
            assertTrue(log.lines().anyMatch(line -> line.contains("rmp.gateway.pskKey = xxxxxx")), "rmp.gateway.pskKey");
        }
        String keyAsBase64 = Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.US_ASCII));
        String everything = String.join("\n", printed);
        assertTrue(everything.contains("proxyUri=xxxxxx"), "the proxyUri endpoint was printed masked: " + everything);
        for (String secret : List.of(PASSWORD, KEY, TOKEN, keyAsBase64, STORE_PASSWORD, "hello:" + PASSWORD)) {
            List<String> leaks = log.lines().filter(line -> line.contains(secret)).map(line -> line.replace(secret, "SECRET"))
                    .toList();
            assertTrue(leaks.isEmpty(), "the " + level + " log shows a secret:\n" + String.join("\n", leaks));
            assertFalse(everything.contains(secret), "an exception or endpoint URI shows a secret:\n"
                                                     + everything.replace(secret, "SECRET"));
        }
    }

    private static String stackTrace(Throwable error) {
        StringWriter text = new StringWriter();
        error.printStackTrace(new PrintWriter(text));
        assertNotNull(error.getMessage());
        return text.toString();
    }
}
