package io.rmpcoap.routes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.rmpcoap.camel.RmpCoapComponent;
import io.rmpcoap.camel.RmpCoapConfiguration;
import io.rmpcoap.camel.RmpCoapEndpoint;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.Main;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The YAML files as integrators run them: plain Camel Main with camel.main.routes-include-pattern, settings from
 * properties (camel.component.rmpcoap.* for the component), and Camel Main's health checks.
 */
class CamelMainYamlTest {

    @TempDir
    Path dir;

    private static Main main(Properties properties) {
        Main main = new Main();
        main.setOverrideProperties(properties);
        return main;
    }

    @Test
    void bundledGatewayYamlRunsOnCamelMainWithComponentSettingsAndHealth() throws Exception {
        Path store = dir.resolve("devices.properties");
        Files.writeString(store, "hello=" + PskKeys.hexKey("world") + "\n");
        try (RecordingHttpServer api = new RecordingHttpServer()) {
            Properties properties = new Properties();
            properties.setProperty("camel.main.routes-include-pattern", "classpath:io/rmpcoap/routes/rmp-gateway.yaml");
            properties.setProperty("camel.component.rmpcoap.protocolThreads", "3");
            // the YAML route sets its own separateResponseDelay (which wins), not contentFormat
            properties.setProperty("camel.component.rmpcoap.separateResponseDelay", "700");
            properties.setProperty("camel.component.rmpcoap.contentFormat", "application/cbor");
            properties.setProperty("rmp.gateway.listen", "coaps://127.0.0.1:0");
            properties.setProperty("rmp.gateway.security", "pskStoreFile=file:" + store);
            properties.setProperty("rmp.gateway.allowedTargets", api.base() + "/api/");
            Main main = main(properties);
            main.start();
            try {
                CamelContext context = main.getCamelContext();
                RmpCoapComponent component = context.getComponent("rmpcoap", RmpCoapComponent.class);
                assertEquals(3, component.getProtocolThreads());
                assertEquals(700, component.getConfiguration().getSeparateResponseDelay());
                RmpCoapConfiguration route = ((RmpCoapEndpoint) context.getRoute(GatewayRouteBuilder.ROUTE_ID).getEndpoint())
                        .getConfiguration();
                assertEquals("application/cbor", route.getContentFormat(), "a component option reaches the route");
                assertEquals(1000, route.getSeparateResponseDelay(), "the route's own option overrides the component's");

                int port = port(context, GatewayRouteBuilder.ROUTE_ID);
                try (TestDevice device = TestDevice.psk("hello", PskKeys.hexKey("world"))) {
                    Request request = new Request(CoAP.Code.GET);
                    request.getOptions().setProxyUri(api.base() + "/api/main?key=aGVsbG86d29ybGQ=");
                    CoapResponse response = device.send(request, port);
                    assertNotNull(response);
                    assertEquals(CoAP.ResponseCode.CONTENT, response.getCode());
                }
                assertEquals("Basic aGVsbG86d29ybGQ=", api.next().authorization());

                HealthCheck.Result health = HealthCheckRegistry.get(context).stream()
                        .filter(check -> check.getId().equals("consumer:" + GatewayRouteBuilder.ROUTE_ID))
                        .findFirst().orElseThrow(() -> new AssertionError("Camel Main has no consumer health check"))
                        .call();
                assertEquals(HealthCheck.State.UP, health.getState(), String.valueOf(health.getDetails()));
                assertEquals("127.0.0.1:" + port, health.getDetails().get("address"));
            } finally {
                main.stop();
            }
        }
    }

    @Test
    void outboundYamlExamplePutsToTheDevice() throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CoapServer device = new CoapServer(deviceConfiguration());
        device.add(new CoapResource("valve") {
            @Override
            public void handlePUT(CoapExchange exchange) {
                received.add(exchange.getRequestText());
                exchange.respond(CoAP.ResponseCode.CHANGED, "opened");
            }
        });
        device.addEndpoint(org.eclipse.californium.core.network.CoapEndpoint.builder()
                .setConfiguration(device.getConfig()).setInetSocketAddress(new java.net.InetSocketAddress("127.0.0.1", 0)).build());
        device.start();
        try {
            int port = device.getEndpoints().get(0).getAddress().getPort();
            Properties properties = new Properties();
            properties.setProperty("camel.main.routes-include-pattern",
                    "file:" + Path.of("../examples/src/main/resources/routes/rmp-outbound.yaml").toAbsolutePath());
            properties.setProperty("rmp.outbound.device", "coap://127.0.0.1:" + port + "/valve");
            properties.setProperty("rmp.outbound.period", "100");
            Main main = main(properties);
            main.start();
            try {
                String body = received.poll(10, TimeUnit.SECONDS);
                assertEquals("{\"open\":true}", body);
            } finally {
                main.stop();
            }
        } finally {
            device.destroy();
        }
        assertTrue(received.isEmpty(), "repeatCount=1 sends once");
    }

    private static org.eclipse.californium.elements.config.Configuration deviceConfiguration() {
        org.eclipse.californium.core.config.CoapConfig.register();
        org.eclipse.californium.elements.config.UdpConfig.register();
        return org.eclipse.californium.elements.config.Configuration.createStandardWithoutFile();
    }
}
