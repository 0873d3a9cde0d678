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
import io.rmpcoap.camel.RmpCoapConsumer;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
            properties.setProperty("rmp.gateway.pskStoreFile", "file:" + store);
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

    @ParameterizedTest(name = "{0} route, {1}")
    @CsvSource({ "java, no credentials, rmp.gateway.pskStoreFile", "yaml, no credentials, rmp.gateway.pskStoreFile",
                 "java, missing store, does not exist", "yaml, missing store, does not exist" })
    void aCoapsGatewayWithoutItsCredentialStoreFailsToStartNamingTheProperty(String dsl, String variant, String named)
            throws Exception {
        Properties properties = new Properties();
        if (dsl.equals("yaml")) {
            properties.setProperty("camel.main.routes-include-pattern", "classpath:io/rmpcoap/routes/rmp-gateway.yaml");
        }
        properties.setProperty("rmp.gateway.listen", "coaps://127.0.0.1:0");
        properties.setProperty("rmp.gateway.allowedTargets", "http://127.0.0.1:9/api/");
        if (variant.equals("missing store")) {
            properties.setProperty("rmp.gateway.pskStoreFile", "file:" + dir.resolve("devices.properties"));
        }
        Main main = main(properties);
        if (dsl.equals("java")) {
            main.configure().addRoutesBuilder(new GatewayRouteBuilder());
        }
        Exception failure = assertThrows(Exception.class, main::start);
        main.stop();
        StringBuilder messages = new StringBuilder();
        for (Throwable t = failure; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append('\n');
        }
        assertTrue(messages.toString().contains(named), messages.toString());
        assertTrue(messages.toString().contains("rmp.gateway.pskStoreFile"), messages.toString());
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

    @Test
    void kameletsFromAYamlRouteAnswerTheDeviceWithWhatTheRouteSetsAndSendWithTheComponentsDefaultMethods()
            throws Exception {
        BlockingQueue<String> received = new LinkedBlockingQueue<>();
        CoapServer device = new CoapServer(deviceConfiguration());
        device.add(new CoapResource("log") {
            @Override
            public void handleGET(CoapExchange exchange) {
                received.add("GET");
                exchange.respond(CoAP.ResponseCode.CONTENT);
            }

            @Override
            public void handlePOST(CoapExchange exchange) {
                received.add("POST " + exchange.getRequestText());
                exchange.respond(CoAP.ResponseCode.CHANGED);
            }
        });
        device.addEndpoint(org.eclipse.californium.core.network.CoapEndpoint.builder()
                .setConfiguration(device.getConfig()).setInetSocketAddress(new java.net.InetSocketAddress("127.0.0.1", 0)).build());
        device.start();
        Path routes = Files.writeString(dir.resolve("kamelets.yaml"), """
                - route:
                    id: telemetry
                    from:
                      uri: "kamelet:rmpcoap-source"
                      parameters:
                        address: "coap://127.0.0.1:0/telemetry"
                      steps:
                        - log: "telemetry ${body}"
                - route:
                    id: order
                    from:
                      uri: "kamelet:rmpcoap-source"
                      parameters:
                        address: "coap://127.0.0.1:0/order"
                      steps:
                        - setHeader:
                            name: CamelRmpCoapResponseCode
                            constant: "2.01"
                        - setBody:
                            simple: "stored ${body}"
                - route:
                    id: poll
                    from:
                      uri: "timer:poll?repeatCount=1"
                      steps:
                        - to: "kamelet:rmpcoap-sink?address=coap://127.0.0.1:{{device.port}}/log"
                        - setBody:
                            constant: '{"open":true}'
                        - to: "kamelet:rmpcoap-sink?address=coap://127.0.0.1:{{device.port}}/log"
                """, StandardCharsets.UTF_8);
        try {
            Properties properties = new Properties();
            properties.setProperty("camel.main.routes-include-pattern", "file:" + routes);
            properties.setProperty("device.port", String.valueOf(device.getEndpoints().get(0).getAddress().getPort()));
            Main main = main(properties);
            main.start();
            try {
                assertEquals("GET", received.poll(10, TimeUnit.SECONDS), "a message without a body is a GET");
                assertEquals("POST {\"open\":true}", received.poll(10, TimeUnit.SECONDS), "one with a body a POST");

                CoapResponse telemetry = post(main.getCamelContext(), "telemetry", "{\"t\":22.5}");
                assertEquals(CoAP.ResponseCode.CHANGED, telemetry.getCode());
                assertEquals(0, telemetry.getPayload().length, "the device's own payload is not echoed");
                CoapResponse order = post(main.getCamelContext(), "order", "{\"n\":1}");
                assertEquals(CoAP.ResponseCode.CREATED, order.getCode());
                assertEquals("stored {\"n\":1}", order.getResponseText(), "what the route set");
            } finally {
                main.stop();
            }
        } finally {
            device.destroy();
        }
    }

    /** POSTs to the rmpcoap-source consumer serving {@code path}. */
    private static CoapResponse post(CamelContext context, String path, String payload) throws Exception {
        int port = context.getRoutes().stream().map(org.apache.camel.Route::getConsumer)
                .filter(RmpCoapConsumer.class::isInstance).map(RmpCoapConsumer.class::cast)
                .filter(consumer -> consumer.getEndpoint().getEndpointUri().contains("/" + path))
                .findFirst().orElseThrow().getLocalAddress().getPort();
        try (TestDevice client = TestDevice.plain()) {
            Request request = new Request(CoAP.Code.POST);
            request.getOptions().setUriPath(path);
            request.setPayload(payload);
            CoapResponse response = client.send(request, port);
            assertNotNull(response, "no answer on " + path);
            return response;
        }
    }

    private static org.eclipse.californium.elements.config.Configuration deviceConfiguration() {
        org.eclipse.californium.core.config.CoapConfig.register();
        org.eclipse.californium.elements.config.UdpConfig.register();
        return org.eclipse.californium.elements.config.Configuration.createStandardWithoutFile();
    }
}
