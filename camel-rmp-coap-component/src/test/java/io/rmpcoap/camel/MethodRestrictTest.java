package io.rmpcoap.camel;

import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.test.TestRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * coapMethodRestrict: a consumer serves only the listed methods; the others get 4.05 with a diagnostic payload naming
 * the methods served (RFC 7252 5.9.2.6: CoAP has no Allow option), on its own, on a shared port, for REST DSL
 * operations and for a proxy-mode consumer.
 */
class MethodRestrictTest extends CamelTestSupport {

    private final int sharedPort = FreePorts.udp();
    private final int restPort = FreePorts.udp();
    private TestDevice device;

    @BeforeEach
    void startDevice() throws Exception {
        device = TestDevice.plain();
    }

    @AfterEach
    void stopDevice() {
        device.close();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:0/valve?coapMethodRestrict=get, PUT").routeId("valve")
                        .setBody(simple("valve ${header.CamelRmpCoapRequestMethod}"));
                from("rmpcoap:coap://127.0.0.1:" + sharedPort + "/shared?coapMethodRestrict=GET")
                        .setBody(constant("read"));
                from("rmpcoap:coap://127.0.0.1:" + sharedPort + "/shared?coapMethodRestrict=POST")
                        .setBody(constant("written"));
                from("rmpcoap:coap://127.0.0.1:0?proxyMode=true&coapMethodRestrict=POST").routeId("proxy")
                        .setBody(constant("proxied"));

                restConfiguration().component("rmpcoap").host("127.0.0.1").port(restPort);
                rest("/api").get("/users/{id}").to("direct:get").put("/users/{id}").to("direct:put");
                from("direct:get").setBody(simple("user ${header.id}"));
                from("direct:put").setBody(simple("stored ${header.id}"));
            }
        };
    }

    private CoapResponse send(Code method, String path, int port) throws InterruptedException {
        Request request = new Request(method);
        request.getOptions().setUriPath(path);
        return device.send(request, port, 5000);
    }

    @Test
    void listedMethodsReachTheRouteAndOthersGet405NamingTheAllowedMethods() throws Exception {
        int port = TestRoutes.port(context, "valve");
        assertEquals("valve GET", send(Code.GET, "valve", port).getResponseText());
        assertEquals("valve PUT", send(Code.PUT, "valve", port).getResponseText());

        for (Code other : new Code[] { Code.POST, Code.DELETE, Code.FETCH }) {
            CoapResponse refused = send(other, "valve", port);
            assertEquals(ResponseCode.METHOD_NOT_ALLOWED, refused.getCode(), other.name());
            assertEquals("allowed: GET, PUT", refused.getResponseText());
        }
        assertEquals(ResponseCode.NOT_FOUND, send(Code.POST, "other", port).getCode(), "an unknown path stays 4.04");
    }

    @Test
    void consumersSharingAPortServeOnePathWithDifferentMethods() throws Exception {
        assertEquals("read", send(Code.GET, "shared", sharedPort).getResponseText());
        assertEquals("written", send(Code.POST, "shared", sharedPort).getResponseText());
        CoapResponse refused = send(Code.DELETE, "shared", sharedPort);
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED, refused.getCode());
        assertEquals("allowed: GET, POST", refused.getResponseText());
    }

    @Test
    void restOperationsOnOnePathAnswer405WithTheirVerbs() throws Exception {
        assertEquals("user 7", send(Code.GET, "api/users/7", restPort).getResponseText());
        CoapResponse refused = send(Code.DELETE, "api/users/7", restPort);
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED, refused.getCode());
        assertEquals("allowed: GET, PUT", refused.getResponseText());
    }

    @Test
    void proxyModeConsumerServesOnlyItsMethodsForProxiedRequests() throws Exception {
        int port = TestRoutes.port(context, "proxy");
        Request post = new Request(Code.POST);
        post.getOptions().setProxyUri("https://api.example.com/x");
        assertEquals("proxied", device.send(post, port, 5000).getResponseText());

        Request get = new Request(Code.GET);
        get.getOptions().setProxyUri("https://api.example.com/x");
        CoapResponse refused = device.send(get, port, 5000);
        assertEquals(ResponseCode.METHOD_NOT_ALLOWED, refused.getCode());
        assertEquals("allowed: POST", refused.getResponseText());
    }

    @Test
    void unknownMethodIsRefusedAtEndpointCreationNamingTheOption() {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coap://127.0.0.1:0/x?coapMethodRestrict=GET,HEAD"));
        assertTrue(e.getMessage().contains("coapMethodRestrict: HEAD is not a CoAP method"), e.getMessage());
        e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coap://127.0.0.1:0/x?coapMethodRestrict="));
        assertTrue(e.getMessage().contains("coapMethodRestrict"), e.getMessage());
    }

    @Test
    void restOperationWhoseVerbTheRestrictionExcludesIsRefusedNamingTheOption() {
        CamelContext other = new DefaultCamelContext();
        try {
            Exception e = assertThrows(Exception.class, () -> {
                other.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        restConfiguration().component("rmpcoap").host("127.0.0.1").port(0)
                                .endpointProperty("coapMethodRestrict", "GET");
                        rest("/api").post("/users").to("direct:create");
                        from("direct:create").setBody(constant("created"));
                    }
                });
                other.start();
            });
            StringBuilder messages = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append(" | ");
            }
            assertTrue(messages.toString().contains("coapMethodRestrict GET does not allow the REST operation's method POST"),
                    messages.toString());
        } finally {
            other.stop();
        }
    }

    @Test
    void observableResourceWithoutGetIsRefused() {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coap://127.0.0.1:0/x?observable=true&coapMethodRestrict=PUT"));
        assertTrue(e.getMessage().contains("coapMethodRestrict"), e.getMessage());
    }
}
