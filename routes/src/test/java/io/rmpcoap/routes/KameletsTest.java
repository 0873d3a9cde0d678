package io.rmpcoap.routes;

import java.net.InetSocketAddress;

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

    @Override
    protected RouteBuilder createRouteBuilder() throws Exception {
        device = new CoapServer(deviceConfiguration());
        device.add(new CoapResource("valve") {
            @Override
            public void handlePUT(CoapExchange exchange) {
                exchange.respond(CoAP.ResponseCode.CHANGED, "valve " + exchange.getRequestText());
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

    private static org.eclipse.californium.elements.config.Configuration deviceConfiguration() {
        org.eclipse.californium.core.config.CoapConfig.register();
        org.eclipse.californium.elements.config.UdpConfig.register();
        return org.eclipse.californium.elements.config.Configuration.createStandardWithoutFile();
    }
}
