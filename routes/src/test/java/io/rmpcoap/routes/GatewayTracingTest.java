package io.rmpcoap.routes;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.propagation.ContextPropagators;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.opentelemetry2.OpenTelemetryTracer;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.Test;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With camel-opentelemetry2, a device's request through the gateway is one trace: the rmpcoap consumer's span (from
 * the component's span decorator) with method, code, peer, PSK identity and the Proxy-Uri's host and path, and under it
 * the HTTP call's span whose W3C traceparent the Composite API receives. No token, key or Authorization value is in
 * any span.
 */
class GatewayTracingTest {

    private static final String TOKEN = "aGVsbG86d29ybGQ=";

    @Test
    void gatewayRequestIsOneTraceFromTheCoapServerSpanToTheHttpCallWithoutSecrets() throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        GlobalOpenTelemetry.resetForTest();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .setPropagators(ContextPropagators.create(W3CTraceContextPropagator.getInstance()))
                .buildAndRegisterGlobal();
        BlockingQueue<Map<String, String>> seen = new LinkedBlockingQueue<>();
        HttpServer api = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.createContext("/", exchange -> {
            Map<String, String> headers = new HashMap<>();
            headers.put("traceparent", exchange.getRequestHeaders().getFirst("traceparent"));
            headers.put("path", exchange.getRequestURI().getPath());
            seen.add(headers);
            byte[] answer = "{\"interval\":60}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        api.start();
        String key = PskKeys.hexKey("world");
        String base = "http://127.0.0.1:" + api.getAddress().getPort();
        Properties properties = new Properties();
        properties.setProperty("rmp.gateway.listen", "coaps://127.0.0.1:0");
        properties.setProperty("rmp.gateway.pskIdentity", "hello");
        properties.setProperty("rmp.gateway.pskKey", key);
        properties.setProperty("rmp.gateway.allowedTargets", base + "/api/");
        CamelContext context = new DefaultCamelContext();
        try (sdk; TestDevice device = TestDevice.psk("hello", key)) {
            context.getPropertiesComponent().setOverrideProperties(properties);
            new OpenTelemetryTracer().init(context);
            context.addRoutes(new GatewayRouteBuilder());
            context.start();
            Request request = new Request(CoAP.Code.GET);
            request.getOptions().setProxyUri(base + "/api/config?key=" + TOKEN);
            CoapResponse response = device.send(request, port(context, GatewayRouteBuilder.ROUTE_ID));
            assertNotNull(response);
            assertEquals(CoAP.ResponseCode.CONTENT, response.getCode());
            Map<String, String> received = seen.poll(5, TimeUnit.SECONDS);
            assertNotNull(received, "the API received no request");

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertTrue(exporter.getFinishedSpanItems().stream()
                    .anyMatch(s -> "camel-rmpcoap".equals(component(s)) && s.getName().equals("CoAP GET")),
                    String.valueOf(exporter.getFinishedSpanItems())));
            List<SpanData> spans = exporter.getFinishedSpanItems();
            SpanData coap = spans.stream().filter(s -> "camel-rmpcoap".equals(component(s)) && s.getName().equals("CoAP GET"))
                    .findFirst().orElseThrow();
            Map<String, String> attributes = new HashMap<>();
            coap.getAttributes().forEach((k, v) -> attributes.put(k.getKey(), String.valueOf(v)));
            assertEquals("GET", attributes.get("coap.method"), attributes.toString());
            assertEquals("2.05", attributes.get("coap.response_code"), attributes.toString());
            assertEquals("127.0.0.1", attributes.get("network.peer.address"), attributes.toString());
            assertEquals("hello", attributes.get("coap.psk_identity"), attributes.toString());
            assertEquals("127.0.0.1", attributes.get("coap.proxy_uri.host"), attributes.toString());
            assertEquals("/api/config", attributes.get("coap.proxy_uri.path"), attributes.toString());
            assertEquals("coaps", attributes.get("network.protocol.name"), attributes.toString());

            SpanData http = spans.stream().filter(s -> "camel-vertx-http".equals(component(s)))
                    .findFirst().orElseThrow(() -> new AssertionError("no HTTP client span in " + names(spans)));
            assertEquals(coap.getTraceId(), http.getTraceId(), "one trace");
            assertEquals(true, descendsFrom(http, coap, spans), "the HTTP span is under the CoAP span: " + names(spans));
            assertEquals("00-" + http.getTraceId() + "-" + http.getSpanId() + "-01", received.get("traceparent"));

            for (SpanData span : spans) {
                String all = span.getName() + " " + span.getAttributes() + " " + span.getEvents();
                assertFalse(all.contains(TOKEN), all);
                assertFalse(all.contains(key), all);
                assertFalse(all.contains("Basic "), all);
            }
        } finally {
            context.stop();
            api.stop(0);
            GlobalOpenTelemetry.resetForTest();
        }
    }

    @Test
    void producerSpanCarriesMethodCodeAndServiceUrlAndNeverTheKeyInItsOptions() throws Exception {
        InMemorySpanExporter exporter = InMemorySpanExporter.create();
        GlobalOpenTelemetry.resetForTest();
        OpenTelemetrySdk sdk = OpenTelemetrySdk.builder()
                .setTracerProvider(SdkTracerProvider.builder().addSpanProcessor(SimpleSpanProcessor.create(exporter)).build())
                .buildAndRegisterGlobal();
        String key = PskKeys.hexKey("world");
        int port = io.rmpcoap.camel.test.FreePorts.udp();
        CamelContext context = new DefaultCamelContext();
        try (sdk) {
            new OpenTelemetryTracer().init(context);
            context.addRoutes(new org.apache.camel.builder.RouteBuilder() {
                @Override
                public void configure() {
                    // the device: a PSK consumer of the same component
                    from("rmpcoap:coaps://127.0.0.1:" + port + "/valve?pskIdentity=hello&pskKey=" + key)
                            .setBody(constant("opened"));
                }
            });
            context.start();
            String answer = context.createProducerTemplate().requestBody("rmpcoap:coaps://127.0.0.1:" + port
                    + "/valve?method=PUT&pskIdentity=hello&pskKey=" + key, "open", String.class);
            assertEquals("opened", answer);
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertTrue(exporter.getFinishedSpanItems().stream()
                    .anyMatch(s -> s.getName().equals("CoAP PUT") && s.getParentSpanId().equals("0000000000000000")),
                    String.valueOf(exporter.getFinishedSpanItems())));
            SpanData producer = exporter.getFinishedSpanItems().stream()
                    .filter(s -> s.getName().equals("CoAP PUT") && s.getParentSpanId().equals("0000000000000000"))
                    .findFirst().orElseThrow();
            Map<String, String> attributes = new HashMap<>();
            producer.getAttributes().forEach((k, v) -> attributes.put(k.getKey(), String.valueOf(v)));
            assertEquals("PUT", attributes.get("coap.method"), attributes.toString());
            assertEquals("2.04", attributes.get("coap.response_code"), attributes.toString());
            assertEquals("coaps://127.0.0.1:" + port + "/valve", attributes.get("server.address"), attributes.toString());
            for (SpanData span : exporter.getFinishedSpanItems()) {
                String all = span.getName() + " " + span.getAttributes() + " " + span.getEvents();
                assertFalse(all.contains(key), all);
            }
        } finally {
            context.stop();
            GlobalOpenTelemetry.resetForTest();
        }
    }

    private static String component(SpanData span) {
        return span.getAttributes().get(AttributeKey.stringKey("component"));
    }

    private static boolean descendsFrom(SpanData span, SpanData ancestor, List<SpanData> spans) {
        SpanData current = span;
        for (int depth = 0; depth < 20 && current != null; depth++) {
            if (current.getParentSpanId().equals(ancestor.getSpanId())) {
                return true;
            }
            String parent = current.getParentSpanId();
            current = spans.stream().filter(s -> s.getSpanId().equals(parent)).findFirst().orElse(null);
        }
        return false;
    }

    private static List<String> names(List<SpanData> spans) {
        return spans.stream().map(s -> s.getKind() + " " + s.getName() + " " + s.getSpanId() + "<" + s.getParentSpanId())
                .toList();
    }
}
