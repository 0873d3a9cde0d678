package io.rmpcoap.camel;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import io.rmpcoap.camel.test.TestDevice;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A real device (Californium client) → rmpcoap consumer → rmpcoap producer → a recording Californium server: what the
 * device sends never overrides the producer's options, while a route that sets a control header on purpose does.
 */
class DeviceCannotSteerAProducerTest extends CamelTestSupport {

    private RecordingDevice downstream;
    private TestDevice device;
    /** What the route deliberately does between consumer and producer; nothing unless a test says so. */
    private final AtomicReference<Consumer<Message>> deliberate = new AtomicReference<>(m -> {
    });

    @Override
    protected RouteBuilder createRouteBuilder() throws Exception {
        downstream = new RecordingDevice();
        String producer = "rmpcoap:coap://127.0.0.1:" + downstream.port() + "/x?method=POST&timeout=5000";
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:0/in").routeId("bridge")
                        .process(e -> deliberate.get().accept(e.getMessage()))
                        .to(producer);
                from("rmpcoap:coap://127.0.0.1:0/typed").routeId("typed")
                        .to(producer + "&contentFormat=text/plain");
                from("rmpcoap:coap://127.0.0.1:0?proxyMode=true").routeId("proxy")
                        .process(e -> deliberate.get().accept(e.getMessage()))
                        .to(producer);
                from("rmpcoap:coap://127.0.0.1:0/reset").routeId("reset")
                        .process(e -> deliberate.get().accept(e.getMessage()))
                        .to(producer + "&messageType=RST");
            }
        };
    }

    @BeforeEach
    void startDevice() throws Exception {
        device = TestDevice.plain();
    }

    @AfterEach
    void stopDevice() {
        device.close();
    }

    @Override
    public void doPostTearDown() {
        downstream.close();
    }

    /** A PUT with Uri-Query, Accept, an ETag, a JSON payload, sent as NON to /in: everything a device could try. */
    private Request hostileRequest() {
        Request request = new Request(CoAP.Code.PUT, CoAP.Type.NON);
        request.getOptions().setUriPath("in");
        request.getOptions().setUriQuery("drop=all");
        request.getOptions().setAccept(MediaTypeRegistry.APPLICATION_CBOR);
        request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        request.getOptions().addETag(new byte[] { 6, 6, 6 });
        request.setPayload("{\"v\":1}");
        return request;
    }

    private Request forwarded(Request request, String route) throws Exception {
        CoapResponse response = device.send(request, port(context, route));
        assertNotNull(response, "the device got an answer");
        assertTrue(response.isSuccess(), "the bridge answered " + response.getCode());
        return downstream.nextRequest();
    }

    @Test
    void deviceMethodQueryAcceptAndTypeNeverReachTheDownstreamDevice() throws Exception {
        Request seen = forwarded(hostileRequest(), "bridge");

        assertEquals(CoAP.Code.POST, seen.getCode(), "the endpoint's method, not the device's PUT");
        assertEquals(0, seen.getOptions().getURIQueryCount(), "no drop=all");
        assertFalse(seen.getOptions().hasAccept(), "no Accept the route did not ask for");
        assertEquals(CoAP.Type.CON, seen.getType(), "the endpoint's message type, not the device's NON");
        assertEquals("x", seen.getOptions().getUriPathString(), "the endpoint's path, not the device's");
        assertFalse(seen.getOptions().hasProxyUri());
        assertEquals(0, seen.getOptions().getETagCount(), "the device's ETag is request data, never sent on");
        assertEquals("{\"v\":1}", seen.getPayloadString(), "the body is forwarded");
        assertEquals(MediaTypeRegistry.APPLICATION_JSON, seen.getOptions().getContentFormat(),
                "the body's media type travels with the body (Content-Type) when the endpoint sets none");
    }

    @Test
    void routeSetsMethodQueryAcceptTypeAndPathDeliberately() throws Exception {
        deliberate.set(m -> {
            m.setHeader(RmpCoapConstants.METHOD, m.getHeader(RmpCoapConstants.REQUEST_METHOD));
            m.setHeader(RmpCoapConstants.URI_QUERY, "mode=safe");
            m.setHeader(RmpCoapConstants.ACCEPT, MediaTypeRegistry.TEXT_PLAIN);
            m.setHeader(RmpCoapConstants.MESSAGE_TYPE, "NON");
            m.setHeader(RmpCoapConstants.URI_PATH, "y/z");
        });
        Request request = hostileRequest();
        request.setType(CoAP.Type.CON);
        Request seen = forwarded(request, "bridge");

        assertEquals(CoAP.Code.PUT, seen.getCode(), "the route copied the device's method on purpose");
        assertEquals("mode=safe", seen.getOptions().getUriQueryString());
        assertEquals(MediaTypeRegistry.TEXT_PLAIN, seen.getOptions().getAccept());
        assertEquals(CoAP.Type.NON, seen.getType());
        assertEquals("y/z", seen.getOptions().getUriPathString());
    }

    @Test
    void deviceContentFormatNeverOverridesTheEndpointOption() throws Exception {
        Request request = hostileRequest();
        request.getOptions().setUriPath("typed");
        Request seen = forwarded(request, "typed");
        assertEquals(MediaTypeRegistry.TEXT_PLAIN, seen.getOptions().getContentFormat());
    }

    @Test
    void routeSetsContentFormatDeliberately() throws Exception {
        deliberate.set(m -> m.setHeader(RmpCoapConstants.CONTENT_FORMAT, MediaTypeRegistry.APPLICATION_CBOR));
        Request seen = forwarded(hostileRequest(), "bridge");
        assertEquals(MediaTypeRegistry.APPLICATION_CBOR, seen.getOptions().getContentFormat());
    }

    @Test
    void deviceProxyUriNeverReachesTheDownstreamDevice() throws Exception {
        Request request = new Request(CoAP.Code.DELETE);
        request.getOptions().setProxyUri("coap://evil.example/admin?drop=all");
        Request seen = forwarded(request, "proxy");
        assertFalse(seen.getOptions().hasProxyUri(), "the device's Proxy-Uri is request data, not a control header");
        assertEquals(CoAP.Code.POST, seen.getCode());
        assertEquals("x", seen.getOptions().getUriPathString());
    }

    @Test
    void routeSetsProxyUriDeliberately() throws Exception {
        deliberate.set(m -> m.setHeader(RmpCoapConstants.PROXY_URI, "coap://chosen.example/by-route"));
        Request request = new Request(CoAP.Code.GET);
        request.getOptions().setProxyUri("coap://evil.example/admin");
        Request seen = forwarded(request, "proxy");
        assertEquals("coap://chosen.example/by-route", seen.getOptions().getProxyUri());
    }

    @Test
    void deviceMessageIdNeverBecomesTheIdOfAResetTheProducerSends() throws Exception {
        Request request = new Request(CoAP.Code.POST);
        request.getOptions().setUriPath("reset");
        CoapResponse response = device.send(request, port(context, "reset"));
        assertNotNull(response);
        assertEquals(ResponseCode.INTERNAL_SERVER_ERROR, response.getCode(),
                "without a route-set message ID the RST producer refuses, whatever ID the device's request had");
        assertNull(downstream.requests.poll(), "nothing reached the downstream device as a request");
    }

    @Test
    void routeSetsTheMessageIdOfAResetDeliberately() throws Exception {
        deliberate.set(m -> m.setHeader(RmpCoapConstants.MESSAGE_ID, 0x2345));
        Request request = new Request(CoAP.Code.POST);
        request.getOptions().setUriPath("reset");
        CoapResponse response = device.send(request, port(context, "reset"));
        assertNotNull(response);
        assertEquals(ResponseCode.CHANGED, response.getCode(), "the Reset was sent and the exchange completed");
    }
}
