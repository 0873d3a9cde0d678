package io.rmpcoap.camel;

import java.time.Duration;
import java.util.Map;

import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.LibCoap;
import io.rmpcoap.camel.test.TestDevice;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.model.rest.RestBindingMode;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Camel's REST DSL served over CoAP, written the way REST DSL users write it, and called by a Californium client and
 * by libcoap's coap-client.
 */
class RestDslTest extends CamelTestSupport {

    private final int port = FreePorts.udp();
    private TestDevice client;

    /** A REST DSL type bound from and to JSON. */
    public static class User {
        public String id;
        public String name;
    }

    @BeforeEach
    void startClient() throws Exception {
        client = TestDevice.plain();
    }

    @AfterEach
    void stopClient() {
        client.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                restConfiguration().component("rmpcoap").host("127.0.0.1").port(port).contextPath("/rest");

                rest("/api")
                        .get("/users").to("direct:list")
                        .get("/users/{id}").to("direct:one")
                        .put("/users/{id}").to("mock:update")
                        .delete("/users/{id}").to("mock:delete")
                        .post("/users").to("mock:create")
                        .post("/things").to("direct:created")
                        .post("/orders").consumes("application/json").clientRequestValidation(true).to("mock:order");

                rest("/bound").bindingMode(RestBindingMode.json)
                        .post("/users").type(User.class).outType(User.class).to("direct:bound");

                from("direct:bound").process(e -> {
                    User user = e.getMessage().getBody(User.class);
                    user.id = "u-1";
                    user.name = user.name.toUpperCase();
                });
                from("direct:list").setBody(constant("[1,2]"));
                from("direct:one").to("mock:one")
                        .setHeader(Exchange.CONTENT_TYPE, constant("application/json"))
                        .setBody(simple("{\"id\":\"${header.id}\",\"verbose\":\"${header.verbose}\"}"));
                from("direct:created").setHeader(Exchange.HTTP_RESPONSE_CODE, constant(201)).setBody(constant("made"));
            }
        };
    }

    private CoapResponse send(CoAP.Code method, String path, String query, String payload, int contentFormat)
            throws InterruptedException {
        Request request = new Request(method);
        request.getOptions().setUriPath(path);
        if (query != null) {
            request.getOptions().setUriQuery(query);
        }
        if (payload != null) {
            request.setPayload(payload);
            request.getOptions().setContentFormat(contentFormat);
        }
        return client.send(request, port, 5000);
    }

    @Test
    void pathParameterAndQueryParametersArriveAsHeaders() throws Exception {
        CoapResponse response = send(CoAP.Code.GET, "rest/api/users/42", "verbose=yes", null, 0);

        assertEquals(ResponseCode.CONTENT, response.getCode());
        assertEquals("{\"id\":\"42\",\"verbose\":\"yes\"}", response.getResponseText());
        assertEquals(MediaTypeRegistry.APPLICATION_JSON, response.getOptions().getContentFormat());
        assertEquals("[1,2]", send(CoAP.Code.GET, "rest/api/users", null, null, 0).getResponseText());
    }

    @Test
    void queryParametersCannotSetCamelHeaders() throws Exception {
        MockEndpoint one = getMockEndpoint("mock:one");
        send(CoAP.Code.GET, "rest/api/users/1",
                RmpCoapConstants.PSK_IDENTITY + "=admin&camelHttpUri=http://evil&org.apache.camel.x=1&id=2", null, 0);

        Exchange seen = one.getExchanges().get(0);
        assertNull(seen.getMessage().getHeader(RmpCoapConstants.PSK_IDENTITY));
        assertNull(seen.getMessage().getHeader(Exchange.HTTP_URI));
        assertNull(seen.getMessage().getHeader("org.apache.camel.x"));
        assertEquals("1", seen.getMessage().getHeader("id"), "the path parameter wins over a query parameter");
    }

    @Test
    void verbsReachTheirRoutesAndAnswerTheirCoapCodes() throws Exception {
        MockEndpoint update = getMockEndpoint("mock:update");
        update.expectedBodiesReceived("{\"name\":\"Scott\"}");
        update.expectedHeaderReceived("id", "7");
        MockEndpoint delete = getMockEndpoint("mock:delete");
        delete.expectedHeaderReceived("id", "8");
        MockEndpoint create = getMockEndpoint("mock:create");
        create.expectedBodiesReceived("new");

        assertEquals(ResponseCode.CHANGED,
                send(CoAP.Code.PUT, "rest/api/users/7", null, "{\"name\":\"Scott\"}", MediaTypeRegistry.APPLICATION_JSON).getCode());
        assertEquals(ResponseCode.DELETED, send(CoAP.Code.DELETE, "rest/api/users/8", null, null, 0).getCode());
        assertEquals(ResponseCode.CHANGED,
                send(CoAP.Code.POST, "rest/api/users", null, "new", MediaTypeRegistry.TEXT_PLAIN).getCode(),
                "a successful POST is 2.04 Changed (RFC 7252 5.8.2)");
        CoapResponse created = send(CoAP.Code.POST, "rest/api/things", null, "x", MediaTypeRegistry.TEXT_PLAIN);
        assertEquals(ResponseCode.CREATED, created.getCode(), "the route's HTTP status is mapped");
        assertEquals("made", created.getResponseText());
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        assertEquals(ResponseCode.NOT_FOUND, send(CoAP.Code.GET, "rest/api/nothing", null, null, 0).getCode());
        assertEquals(ResponseCode.NOT_FOUND, send(CoAP.Code.GET, "api/users/1", null, null, 0).getCode(),
                "the context path is part of every path");
        assertEquals(ResponseCode.NOT_FOUND, send(CoAP.Code.GET, "rest/api/users/1/x", null, null, 0).getCode());
    }

    @Test
    void wrongVerbIsMethodNotAllowedAndReachesNoRoute() throws Exception {
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED, send(CoAP.Code.DELETE, "rest/api/users", null, null, 0).getCode());
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED,
                send(CoAP.Code.POST, "rest/api/users/1", null, "x", MediaTypeRegistry.TEXT_PLAIN).getCode());
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED, send(CoAP.Code.FETCH, "rest/api/users/1", null, null, 0).getCode());
        assertEquals(0, getMockEndpoint("mock:create").getReceivedCounter() + getMockEndpoint("mock:one").getReceivedCounter());
    }

    @Test
    void bindingValidatesTheContentFormatAgainstConsumes() throws Exception {
        MockEndpoint order = getMockEndpoint("mock:order");
        order.expectedBodiesReceived("{\"n\":1}");

        assertEquals(ResponseCode.UNSUPPORTED_CONTENT_FORMAT,
                send(CoAP.Code.POST, "rest/api/orders", null, "n=1", MediaTypeRegistry.TEXT_PLAIN).getCode());
        assertEquals(ResponseCode.CHANGED,
                send(CoAP.Code.POST, "rest/api/orders", null, "{\"n\":1}", MediaTypeRegistry.APPLICATION_JSON).getCode());
        MockEndpoint.assertIsSatisfied(context);
    }

    @Test
    void jsonBindingTurnsTheCoapPayloadIntoTheTypeAndTheAnswerIntoJson() throws Exception {
        CoapResponse response = send(CoAP.Code.POST, "rest/bound/users", null, "{\"name\":\"scott\"}",
                MediaTypeRegistry.APPLICATION_JSON);

        assertEquals(ResponseCode.CHANGED, response.getCode());
        assertEquals("{\"id\":\"u-1\",\"name\":\"SCOTT\"}", response.getResponseText());
        assertEquals(MediaTypeRegistry.APPLICATION_JSON, response.getOptions().getContentFormat());
    }

    @Test
    void verbsCoapLacksAndHttpSchemesAreRefusedWithAClearMessage() {
        RmpCoapComponent component = context.getComponent("rmpcoap", RmpCoapComponent.class);
        RestConfiguration config = new RestConfiguration();
        config.setHost("127.0.0.1");
        config.setPort(port);

        IllegalArgumentException head = assertThrows(IllegalArgumentException.class,
                () -> component.createConsumer(context, e -> {
                }, "head", "/api", "/users", null, null, config, Map.of()));
        assertTrue(head.getMessage().contains("CoAP has no method HEAD"), head.getMessage());

        config.setScheme("http");
        IllegalArgumentException http = assertThrows(IllegalArgumentException.class,
                () -> component.createConsumer(context, e -> {
                }, "get", "/api", "/users", null, null, config, Map.of()));
        assertTrue(http.getMessage().contains("scheme(\"coap\")"), http.getMessage());
    }

    @Test
    void libCoapClientCallsTheRestRoutes() throws Exception {
        LibCoap.assumeAvailable();
        String base = "coap://127.0.0.1:" + port + "/rest/api/users";

        LibCoap.Result one = LibCoap.client(Duration.ofSeconds(10), base + "/5?verbose=no");
        assertEquals("{\"id\":\"5\",\"verbose\":\"no\"}", one.stdout().trim(), one.describe());

        LibCoap.Result put = LibCoap.client(Duration.ofSeconds(10), "-m", "put", "-e", "{}", base + "/6");
        assertEquals(0, put.exitCode(), put.describe());
        assertEquals("6", getMockEndpoint("mock:update").getExchanges().get(0).getMessage().getHeader("id"));

        LibCoap.Result wrongVerb = LibCoap.client(Duration.ofSeconds(10), "-m", "delete", base);
        assertTrue((wrongVerb.stdout() + wrongVerb.stderr()).contains("4.05"), wrongVerb.describe());
        LibCoap.Result unknown = LibCoap.client(Duration.ofSeconds(10), base + "/5/orders");
        assertTrue((unknown.stdout() + unknown.stderr()).contains("4.04"), unknown.describe());
        assertFalse((unknown.stdout() + unknown.stderr()).contains("verbose"), unknown.describe());
    }
}
