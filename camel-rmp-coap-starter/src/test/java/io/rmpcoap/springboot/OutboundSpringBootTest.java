package io.rmpcoap.springboot;

import java.net.InetSocketAddress;

import io.rmpcoap.camel.RmpCoapComponent;
import io.rmpcoap.camel.RmpCoapConstants;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * An outbound connector in a Spring Boot application: a route bean sends to a Californium device with the component
 * configured from {@code camel.component.rmpcoap.*}; the gateway stays off without {@code rmp.gateway.enabled}.
 */
@SpringBootTest(classes = { TestApplication.class, OutboundSpringBootTest.Connector.class }, properties = {
        "camel.component.rmpcoap.method=PUT",
        "camel.component.rmpcoap.message-type=NON",
        "camel.component.rmpcoap.timeout=4000" })
class OutboundSpringBootTest {

    private static CoapServer device;

    @Autowired
    CamelContext context;
    @Autowired
    ProducerTemplate template;

    @TestConfiguration
    static class Connector {
        @Bean
        RouteBuilder openValve() {
            return new RouteBuilder() {
                @Override
                public void configure() {
                    from("direct:open").routeId("open-valve").to("rmpcoap:coap://127.0.0.1:{{device.port}}/valve");
                }
            };
        }
    }

    @DynamicPropertySource
    static void device(DynamicPropertyRegistry registry) {
        CoapConfig.register();
        UdpConfig.register();
        device = new CoapServer(Configuration.createStandardWithoutFile());
        device.add(new CoapResource("valve") {
            @Override
            public void handlePUT(CoapExchange exchange) {
                String type = exchange.advanced().getRequest().getType().name();
                exchange.respond(CoAP.ResponseCode.CHANGED, type + " " + exchange.getRequestText());
            }
        });
        device.addEndpoint(CoapEndpoint.builder().setConfiguration(device.getConfig())
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build());
        device.start();
        registry.add("device.port", () -> device.getEndpoints().get(0).getAddress().getPort());
    }

    @AfterAll
    static void stopDevice() {
        device.destroy();
    }

    @Test
    void connectorSendsWithTheMethodAndMessageTypeFromApplicationProperties() {
        Exchange answer = template.request("direct:open", e -> e.getMessage().setBody("open"));
        assertNull(answer.getException());
        assertEquals("NON open", answer.getMessage().getBody(String.class));
        assertEquals("2.04", answer.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
        RmpCoapComponent component = context.getComponent("rmpcoap", RmpCoapComponent.class);
        assertEquals(4000, component.getConfiguration().getTimeout());
        assertNull(context.getRoute("rmp-gateway"), "the gateway runs only with rmp.gateway.enabled=true");
    }
}
