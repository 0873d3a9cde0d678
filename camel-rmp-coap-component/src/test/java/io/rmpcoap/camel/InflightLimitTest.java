package io.rmpcoap.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.rmpcoap.camel.test.HeldExchanges;
import io.rmpcoap.camel.test.TestDevice;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code maxInflightExchanges} bounds the exchanges a server has in flight also for an asynchronous route, which frees
 * its worker thread at once: the request beyond it is answered 5.03 with Max-Age without reaching the route.
 */
class InflightLimitTest extends CamelTestSupport {

    private static final int CAP = 3;

    /** Exchanges the route holds: an asynchronous step that completes only when the test releases it. */
    private final HeldExchanges held = new HeldExchanges();
    private TestDevice device;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:0/held?workerPoolSize=1&maxInflightExchanges=" + CAP).routeId("held")
                        .process(held);
            }
        };
    }

    @BeforeEach
    void startDevice() throws Exception {
        device = TestDevice.plain();
    }

    @AfterEach
    void stopDevice() {
        held.releaseAll();
        device.close();
    }

    private static Request get() {
        Request request = new Request(CoAP.Code.GET);
        request.getOptions().setUriPath("held");
        return request;
    }

    @Test
    void requestBeyondTheInflightCapOfAnAsyncRouteGetsServiceUnavailableWithMaxAgeAndLaterOnesAreServed() throws Exception {
        int port = port(context, "held");
        List<Request> inFlight = new ArrayList<>();
        for (int i = 0; i < CAP; i++) {
            Request request = get();
            device.sendWithoutWaiting(request, port);
            inFlight.add(request);
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> held.size() == CAP);

        CoapResponse refused = device.send(get(), port);
        assertNotNull(refused, "the request over the cap is answered");
        assertEquals(ResponseCode.SERVICE_UNAVAILABLE, refused.getCode());
        assertTrue(refused.getOptions().hasMaxAge(), "5.03 tells the device when to retry");
        assertEquals(RmpCoapServer.RETRY_AFTER_SECONDS, refused.getOptions().getMaxAge());
        assertEquals(CAP, held.size(), "the refused request never reached the route");

        assertEquals(CAP, held.releaseAll());
        for (Request request : inFlight) {
            Response answer = request.waitForResponse(10_000);
            assertNotNull(answer, "each held request is answered once released");
            assertEquals("released", answer.getPayloadString());
        }

        Request after = get();
        device.sendWithoutWaiting(after, port);
        await().atMost(10, TimeUnit.SECONDS).until(() -> held.size() == 1);
        held.releaseAll();
        Response served = after.waitForResponse(10_000);
        assertNotNull(served);
        assertEquals(ResponseCode.CONTENT, served.getCode(), "slots are freed once the exchanges are answered");
    }
}
