package io.rmpcoap.camel;

import java.time.Duration;

import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.LibCoap;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.Endpoint;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The Java REST DSL over coaps with PSK, rmpcoap's security options given as endpoint properties. */
class RestDslOverDtlsTest extends CamelTestSupport {

    private static final String PASSWORD = "java-rest-s3cret";
    private final int port = FreePorts.udp();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                restConfiguration().component("rmpcoap").scheme("coaps").host("127.0.0.1").port(port)
                        .endpointProperty("pskIdentity", "hello").endpointProperty("pskPassword", PASSWORD);

                rest("/devices").get("/{id}/state").to("direct:state");
                from("direct:state").setBody(simple("${header.id} seen by ${header.CamelRmpCoapPskIdentity}"));
            }
        };
    }

    private static Request get(String path) {
        Request request = new Request(CoAP.Code.GET);
        request.getOptions().setUriPath(path);
        return request;
    }

    @Test
    void californiumPskClientGetsTheRestAnswer() throws Exception {
        try (TestDevice device = TestDevice.psk("hello", PskKeys.hexKey(PASSWORD))) {
            CoapResponse response = device.send(get("devices/d1/state"), port, 5000);
            assertEquals(ResponseCode.CONTENT, response.getCode());
            assertEquals("d1 seen by hello", response.getResponseText());
            assertEquals(ResponseCode.NOT_FOUND, device.send(get("devices/d1"), port, 5000).getCode());
        }
    }

    @Test
    void libCoapPskClientGetsTheRestAnswer() throws Exception {
        LibCoap.assumeAvailable();
        LibCoap.Result result = LibCoap.client(Duration.ofSeconds(20), "-u", "hello", "-k", PskKeys.hexKey(PASSWORD),
                "coaps://127.0.0.1:" + port + "/devices/d2/state");
        assertEquals("d2 seen by hello", result.stdout().trim(), result.describe());
    }

    @Test
    void wrongKeyGetsNoAnswerAndThePasswordIsMaskedInEveryEndpoint() throws Exception {
        try (TestDevice device = TestDevice.psk("hello", PskKeys.hexKey("wrong"))) {
            assertNull(device.send(get("devices/d1/state"), port, 2000));
        }
        for (Endpoint endpoint : context.getEndpoints()) {
            assertFalse(endpoint.toString().contains(PASSWORD), endpoint.toString());
        }
    }
}
