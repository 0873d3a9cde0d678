package io.rmpcoap.camel;

import java.util.List;

import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.test.TestRoutes;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.console.DevConsole;
import org.apache.camel.console.DevConsoleRegistry;
import org.apache.camel.spi.EndpointServiceRegistry.EndpointService;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.URISupport;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rmpcoap dev console and the endpoints' service locations, read through Camel's own registries as Camel JBang,
 * Camel Main and Spring Boot read them: what they show after a device's requests and a failed send, and that no
 * credential appears in them.
 */
class RmpCoapDevConsoleTest extends CamelTestSupport {

    private static final String KEY = PskKeys.hexKey("world");
    private final int port = FreePorts.udp();
    private final int silentPort = FreePorts.udp();

    /** What camel.main.dev-console-enabled=true does. */
    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        camel.setDevConsole(true);
        return camel;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coaps://127.0.0.1:" + port + "/telemetry?pskIdentity=hello&pskKey=" + KEY).routeId("telemetry")
                        .process(e -> {
                            if ("fail".equals(e.getMessage().getBody(String.class))) {
                                throw new IllegalStateException("unreadable telemetry");
                            }
                        });
                from("direct:valve").routeId("valve")
                        .to("rmpcoap:coap://127.0.0.1:" + silentPort + "/valve?timeout=300&pskPassword=unused-secret");
            }
        };
    }

    @Test
    void consoleShowsEndpointsBoundServerDtlsSessionDedupAndRecentErrorsWithoutCredentials() throws Exception {
        try (TestDevice device = TestDevice.psk("hello", KEY)) {
            assertEquals(CoAP.ResponseCode.CHANGED, post(device, "21.5").getCode());
            assertEquals(CoAP.ResponseCode.INTERNAL_SERVER_ERROR, post(device, "fail").getCode());
        }
        Exchange failed = template.request("direct:valve", e -> e.getMessage().setBody("open"));
        assertInstanceOf(RmpCoapTimeoutException.class, failed.getException());

        DevConsole console = DevConsoleRegistry.get(context).resolveById("rmpcoap");
        assertNotNull(console, "the dev console is found through its service file");
        JsonObject json = (JsonObject) console.call(DevConsole.MediaType.JSON);

        JsonArray endpoints = json.getCollection("endpoints");
        assertTrue(endpoints.stream().map(JsonObject.class::cast).anyMatch(
                e -> e.getString("serviceUrl").equals("coaps://127.0.0.1:" + port + "/telemetry")
                     && e.getString("protocol").equals("coaps")), endpoints.toJson());

        JsonArray servers = json.getCollection("servers");
        assertEquals(1, servers.size(), servers.toJson());
        JsonObject server = (JsonObject) servers.get(0);
        assertEquals("coaps://127.0.0.1:" + port, server.getString("address"));
        assertEquals(Boolean.TRUE, server.get("listening"));
        assertEquals(List.of("/telemetry"), server.getCollection("consumers"));
        assertEquals(1, server.getInteger("dtlsSessions"), "the device's one session");
        assertTrue(server.getInteger("dedupSize") >= 1, "the device's exchanges are still held: " + server.toJson());

        JsonArray clients = json.getCollection("clients");
        assertEquals(1, clients.size(), clients.toJson());
        assertEquals(null, ((JsonObject) clients.get(0)).get("dtlsSessions"), "plain coap has no DTLS sessions");

        JsonArray errors = json.getCollection("recentErrors");
        assertEquals(2, errors.size(), errors.toJson());
        JsonObject consumerError = (JsonObject) errors.get(0);
        assertEquals("rmpcoap://coaps://127.0.0.1:" + port + "/telemetry", consumerError.getString("endpoint"));
        assertEquals("unreadable telemetry", consumerError.getString("message"));
        assertEquals(RmpCoapTimeoutException.class.getName(), ((JsonObject) errors.get(1)).getString("exception"));

        String text = (String) console.call(DevConsole.MediaType.TEXT);
        assertTrue(text.contains("Server: coaps://127.0.0.1:" + port + " listening=true consumers=[/telemetry] dtlsSessions=1"),
                text);
        assertTrue(text.contains("unreadable telemetry"), text);
        for (String shown : List.of(json.toJson(), text)) {
            assertFalse(shown.contains(KEY), shown);
            assertFalse(shown.contains("unused-secret"), shown);
        }
    }

    @Test
    void consoleShowsTcpServersAndClientsLikeTheOthers() throws Exception {
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap+tcp://127.0.0.1:0/tcp").routeId("tcp").setBody(constant("over tcp"));
            }
        });
        int tcpPort = TestRoutes.port(context, "tcp");
        Exchange answer = template.request("rmpcoap:coap+tcp://127.0.0.1:" + tcpPort + "/tcp?method=GET", e -> {
        });
        assertEquals("over tcp", answer.getMessage().getBody(String.class));

        JsonObject json = (JsonObject) DevConsoleRegistry.get(context).resolveById("rmpcoap").call(DevConsole.MediaType.JSON);
        JsonObject server = json.getCollection("servers").stream().map(JsonObject.class::cast)
                .filter(s -> s.getString("address").equals("coap+tcp://127.0.0.1:" + tcpPort)).findFirst()
                .orElseThrow(() -> new AssertionError(json.toJson()));
        assertEquals(Boolean.TRUE, server.get("listening"));
        assertEquals(List.of("/tcp"), server.getCollection("consumers"));
        assertNull(server.get("dtlsSessions"), "TCP has no DTLS sessions");
        assertTrue(json.getCollection("clients").stream().map(JsonObject.class::cast)
                .anyMatch(c -> c.getString("address").startsWith("coap+tcp://")), json.toJson());
        assertTrue(json.getCollection("endpoints").stream().map(JsonObject.class::cast)
                .anyMatch(e -> e.getString("serviceUrl").equals("coap+tcp://127.0.0.1:" + tcpPort + "/tcp")
                               && e.getString("protocol").equals("coap+tcp")), json.toJson());
    }

    @Test
    void endpointsTellCamelTheirServiceUrlAndProtocolWithoutCredentials() {
        List<EndpointService> services = context.getCamelContextExtension().getEndpointServiceRegistry()
                .listAllEndpointServices();
        assertTrue(services.stream().anyMatch(s -> s.getServiceUrl().equals("coaps://127.0.0.1:" + port + "/telemetry")
                && s.getServiceProtocol().equals("coaps") && s.getDirection().equals("in")), describe(services));
        assertTrue(services.stream().anyMatch(s -> s.getServiceUrl().equals("coap://127.0.0.1:" + silentPort + "/valve")
                && s.getServiceProtocol().equals("coap") && s.getDirection().equals("out")), describe(services));
        for (EndpointService service : services) {
            String shown = service.getServiceUrl() + " " + service.getServiceMetadata()
                           // Camel's registry keeps the raw endpoint URI; its consoles print it sanitized
                           + " " + URISupport.sanitizeUri(service.getEndpointUri());
            assertFalse(shown.contains(KEY), shown);
            assertFalse(shown.contains("unused-secret"), shown);
        }
    }

    private static String describe(List<EndpointService> services) {
        return services.stream().map(s -> s.getDirection() + " " + s.getServiceProtocol() + " " + s.getServiceUrl()).toList()
                .toString();
    }

    private CoapResponse post(TestDevice device, String body) throws InterruptedException {
        Request request = new Request(CoAP.Code.POST);
        request.getOptions().setUriPath("telemetry");
        request.setPayload(body);
        CoapResponse response = device.send(request, port);
        assertNotNull(response);
        return response;
    }
}
