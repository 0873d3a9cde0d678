package io.rmpcoap.examples;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Properties;

import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.tools.PskKeys;
import io.rmpcoap.routes.GatewayRouteBuilder;
import org.apache.camel.main.Main;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.Test;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The demo's observability endpoints as an operator curls them: with camel-observability-services, the gateway on
 * Camel Main serves its consumer health and the rmpcoap meters in Prometheus format on the management port.
 */
class ObservabilityEndpointsTest {

    @Test
    void managementPortServesGatewayHealthAndRmpcoapMetricsInPrometheusFormat() throws Exception {
        int managementPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            managementPort = socket.getLocalPort();
        }
        String key = PskKeys.hexKey("world");
        Properties properties = new Properties();
        properties.setProperty("rmp.gateway.listen", "coaps://127.0.0.1:0");
        properties.setProperty("rmp.gateway.pskIdentity", "hello");
        properties.setProperty("rmp.gateway.pskKey", key);
        properties.setProperty("rmp.gateway.allowedTargets", "http://127.0.0.1:9/api/");
        properties.setProperty("camel.management.port", String.valueOf(managementPort));
        Main main = new Main();
        main.configure().addRoutesBuilder(new GatewayRouteBuilder());
        main.setOverrideProperties(properties);
        main.start();
        try (TestDevice device = TestDevice.psk("hello", key)) {
            Request request = new Request(CoAP.Code.GET);
            request.getOptions().setProxyUri("http://192.0.2.1/not-listed");
            CoapResponse response = device.send(request, port(main.getCamelContext(), GatewayRouteBuilder.ROUTE_ID));
            assertNotNull(response);
            assertEquals(CoAP.ResponseCode.FORBIDDEN, response.getCode());

            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            String base = "http://127.0.0.1:" + managementPort;
            HttpResponse<String> health = http.send(HttpRequest.newBuilder(URI.create(base + "/observe/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, health.statusCode(), health.body());
            assertTrue(health.body().contains(GatewayRouteBuilder.ROUTE_ID), health.body());
            HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base + "/observe/metrics"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, metrics.statusCode(), metrics.body());
            assertTrue(metrics.body().matches("(?s).*\nrmpcoap_server_requests_seconds_count\\{[^}]*code=\"4\\.03\"[^}]*} 1(\\.0)?\n.*"),
                    metrics.body());
            assertTrue(metrics.body().contains("rmpcoap_dtls_handshakes_total"), metrics.body());
        } finally {
            main.stop();
        }
    }
}
