package io.rmpcoap.springboot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.rmpcoap.camel.RmpCoapComponent;
import io.rmpcoap.camel.test.CompositeApi;
import io.rmpcoap.camel.test.LibCoap;
import io.rmpcoap.camel.tools.PskKeys;
import io.rmpcoap.routes.GatewayRouteBuilder;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.client.TestRestTemplate;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The bundled gateway in a Spring Boot application that has nothing but the starter and application properties:
 * a libcoap device (PSK) calls a local Composite API through it with its AuthToken, and Actuator shows the consumer's
 * health, the rmpcoap meters and the component's settings with secrets masked.
 */
/* Spring Boot tests export no metrics unless asked to */
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = TestApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "rmp.gateway.enabled=true",
        "rmp.gateway.listen=coaps://127.0.0.1:0",
        "camel.component.rmpcoap.protocolThreads=3",
        "camel.component.rmpcoap.trust-store-password=" + GatewaySpringBootTest.STORE_PASSWORD,
        "management.endpoints.web.exposure.include=health,prometheus,configprops",
        "management.endpoint.health.show-details=always",
        "camel.health.exposure-level=full",
        "management.endpoint.configprops.show-values=always" })
class GatewaySpringBootTest {

    static final String STORE_PASSWORD = "n0t-to-be-shown";
    private static final String KEY = PskKeys.hexKey("world");
    private static CompositeApi api;
    private static Path store;

    @Autowired
    CamelContext context;
    @Autowired
    TestRestTemplate http;

    @DynamicPropertySource
    static void apiAndDevices(DynamicPropertyRegistry registry) throws IOException {
        api = new CompositeApi();
        store = Files.createTempFile("devices", ".properties");
        Files.writeString(store, "hello=" + KEY + "\n");
        registry.add("rmp.gateway.allowedTargets", () -> api.base() + "/api/");
        registry.add("rmp.gateway.pskStoreFile", () -> "file:" + store);
    }

    @AfterAll
    static void stopApi() throws IOException {
        api.close();
        Files.deleteIfExists(store);
    }

    @Test
    void libcoapDeviceReachesTheApiThroughTheGatewayAndActuatorShowsHealthMetersAndMaskedSecrets() throws Exception {
        LibCoap.assumeAvailable();
        assertEquals(3, context.getComponent("rmpcoap", RmpCoapComponent.class).getProtocolThreads(),
                "camel.component.rmpcoap.protocolThreads reaches the component");
        int port = port(context, GatewayRouteBuilder.ROUTE_ID);

        LibCoap.Result device = LibCoap.client(Duration.ofSeconds(20), "-m", "get", "-u", "hello", "-k", KEY,
                "-P", "coaps://127.0.0.1:" + port, api.base() + "/api/config?key=aGVsbG86d29ybGQ=");
        assertTrue(device.stdout().contains(CompositeApi.ANSWER), device.describe());
        CompositeApi.Seen seen = api.next();
        assertEquals("/api/config", seen.path());
        assertEquals(null, seen.query(), "the AuthToken is removed from the URL");
        assertEquals("Basic aGVsbG86d29ybGQ=", seen.authorization());

        ResponseEntity<String> health = http.getForEntity("/actuator/health", String.class);
        assertEquals(200, health.getStatusCode().value(), health.getBody());
        assertTrue(health.getBody().contains("\"consumer:" + GatewayRouteBuilder.ROUTE_ID + "\":\"UP\""), health.getBody());

        String prometheus = http.getForObject("/actuator/prometheus", String.class);
        assertTrue(prometheus.matches("(?s).*rmpcoap_server_requests_seconds_count\\{[^}]*code=\"2\\.05\"[^}]*target=\"127\\.0\\.0\\.1\"[^}]*} 1(\\.0)?\n.*"),
                prometheus);
        assertTrue(prometheus.contains("rmpcoap_dtls_handshakes_total{reason=\"none\",result=\"success\",role=\"server\"} 1.0"), prometheus);
        assertTrue(prometheus.contains("rmpcoap_server_dedup_size{"), prometheus);

        String configprops = http.getForObject("/actuator/configprops", String.class);
        assertTrue(configprops.contains("\"protocolThreads\":3"), configprops);
        assertTrue(configprops.contains("\"trustStorePassword\":\"******\""), configprops);
        assertFalse(configprops.contains(STORE_PASSWORD), configprops);
        assertFalse(configprops.contains(KEY), configprops);
    }
}
