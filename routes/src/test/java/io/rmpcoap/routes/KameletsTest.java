package io.rmpcoap.routes;

import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.rmpcoap.camel.RmpCoapConstants;
import io.rmpcoap.camel.RmpCoapConsumer;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.Exchange;
import org.apache.camel.Route;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** The rmpcoap-source and rmpcoap-sink Kamelets, loaded by camel-kamelet from the artifact's kamelets/ folder. */
class KameletsTest extends CamelTestSupport {

    private CoapServer device;
    private final BlockingQueue<Request> recorded = new LinkedBlockingQueue<>();

    @Override
    protected RouteBuilder createRouteBuilder() throws Exception {
        device = new CoapServer(deviceConfiguration());
        device.add(new CoapResource("valve") {
            @Override
            public void handlePUT(CoapExchange exchange) {
                exchange.respond(CoAP.ResponseCode.CHANGED, "valve " + exchange.getRequestText());
            }
        });
        device.add(new CoapResource("record") {
            @Override
            public void handleRequest(org.eclipse.californium.core.network.Exchange exchange) {
                recorded.add(exchange.getRequest());
                exchange.sendResponse(new org.eclipse.californium.core.coap.Response(CoAP.ResponseCode.CHANGED));
            }
        });
        device.addEndpoint(CoapEndpoint.builder().setConfiguration(device.getConfig()).setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build());
        device.start();
        int port = device.getEndpoints().get(0).getAddress().getPort();
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:open").routeId("sink")
                        .to("kamelet:rmpcoap-sink?address=coap://127.0.0.1:" + port + "/valve&method=PUT&timeout=5000");
                from("kamelet:rmpcoap-source?address=coaps://127.0.0.1:0/telemetry&pskIdentity=hello&pskKey="
                     + PskKeys.hexKey("world")).routeId("source")
                        .to("mock:telemetry");
                String sink = "kamelet:rmpcoap-sink?address=coap://127.0.0.1:" + port + "/record&method=PUT&timeout=5000";
                from("kamelet:rmpcoap-source?address=coap://127.0.0.1:0/plain").to(sink);
                from("kamelet:rmpcoap-source?address=coap://127.0.0.1:0/chosen")
                        .setHeader(RmpCoapConstants.METHOD, header(RmpCoapConstants.REQUEST_METHOD))
                        .setHeader(RmpCoapConstants.URI_QUERY, header(RmpCoapConstants.REQUEST_URI_QUERY))
                        .to(sink);
            }
        };
    }

    @Override
    public void doPostTearDown() {
        device.destroy();
    }

    @Test
    void sinkSendsTheBodyToTheDeviceAndReturnsItsAnswer() {
        Exchange answer = template.request("direct:open", e -> e.getMessage().setBody("open"));
        assertEquals("valve open", answer.getMessage().getBody(String.class));
        assertEquals("2.04", answer.getMessage().getHeader("CamelRmpCoapResponseCode"));
    }

    @Test
    void sourceDeliversPskDeviceRequestsToTheRoute() throws Exception {
        MockEndpoint telemetry = getMockEndpoint("mock:telemetry");
        telemetry.expectedBodiesReceived("{\"celsius\":21}");
        telemetry.expectedHeaderReceived("CamelRmpCoapPskIdentity", "hello");
        int port = context.getRoutes().stream().map(Route::getConsumer)
                .filter(RmpCoapConsumer.class::isInstance).map(RmpCoapConsumer.class::cast)
                .findFirst().orElseThrow().getLocalAddress().getPort();
        try (TestDevice device = TestDevice.psk("hello", PskKeys.hexKey("world"))) {
            Request request = new Request(CoAP.Code.POST);
            request.getOptions().setUriPath("telemetry");
            request.setPayload("{\"celsius\":21}");
            CoapResponse response = device.send(request, port);
            assertNotNull(response);
            assertEquals(CoAP.ResponseCode.CHANGED, response.getCode());
        }
        telemetry.assertIsSatisfied();
    }

    @Test
    void aDeviceBehindTheSourceCannotSteerTheSinksMethodOrQuery() throws Exception {
        Request seen = bridge("plain");
        assertEquals(CoAP.Code.PUT, seen.getCode(), "the sink's method, not the device's DELETE");
        assertEquals(0, seen.getOptions().getURIQueryCount(), "no drop=all");
    }

    @Test
    void aRouteBetweenSourceAndSinkForwardsMethodAndQueryOnPurpose() throws Exception {
        Request seen = bridge("chosen");
        assertEquals(CoAP.Code.DELETE, seen.getCode());
        assertEquals("drop=all", seen.getOptions().getUriQueryString());
    }

    /** A device's DELETE with ?drop=all through the source Kamelet listening on {@code path}; what the sink sent. */
    private Request bridge(String path) throws Exception {
        int port = context.getRoutes().stream().map(Route::getConsumer)
                .filter(RmpCoapConsumer.class::isInstance).map(RmpCoapConsumer.class::cast)
                .filter(c -> c.getEndpoint().getEndpointUri().contains("/" + path))
                .findFirst().orElseThrow().getLocalAddress().getPort();
        try (TestDevice device = TestDevice.plain()) {
            Request request = new Request(CoAP.Code.DELETE);
            request.getOptions().setUriPath(path);
            request.getOptions().setUriQuery("drop=all");
            CoapResponse response = device.send(request, port);
            assertNotNull(response);
            assertEquals(CoAP.ResponseCode.CHANGED, response.getCode());
        }
        Request seen = recorded.poll(5, TimeUnit.SECONDS);
        assertNotNull(seen, "the sink reached the downstream device");
        return seen;
    }

    private static org.eclipse.californium.elements.config.Configuration deviceConfiguration() {
        org.eclipse.californium.core.config.CoapConfig.register();
        org.eclipse.californium.elements.config.UdpConfig.register();
        return org.eclipse.californium.elements.config.Configuration.createStandardWithoutFile();
    }
}
