package io.rmpcoap.camel;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.HeldExchanges;
import io.rmpcoap.camel.test.TestDevice;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * workerPoolSize=0: the server has no worker pool and an asynchronous route starts on the protocol thread that
 * received the request, so a route waiting for its producer holds no thread and no other request.
 */
class NoWorkerPoolTest extends CamelTestSupport {

    private final int port = FreePorts.udp();
    /** Exchanges of the slow route: an asynchronous step that completes only when the test releases it. */
    private final HeldExchanges held = new HeldExchanges();
    private final Set<String> routeThreads = ConcurrentHashMap.newKeySet();
    private TestDevice device;

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:" + port + "/slow?workerPoolSize=0").routeId("slow")
                        .process(held);
                from("rmpcoap:coap://127.0.0.1:" + port + "/fast?workerPoolSize=0").routeId("fast")
                        .process(e -> routeThreads.add(Thread.currentThread().getName()))
                        .setBody(constant("fast"));
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

    private static Request get(String path) {
        Request request = new Request(CoAP.Code.GET);
        request.getOptions().setUriPath(path);
        return request;
    }

    @Test
    void routeRunsOnTheProtocolThreadAndTheServerStartsNoWorkers() throws Exception {
        for (int i = 0; i < 5; i++) {
            assertEquals("fast", device.send(get("fast"), port).getResponseText());
        }

        assertFalse(routeThreads.isEmpty());
        routeThreads.forEach(name -> assertTrue(name.startsWith("RmpCoap#"), "not a protocol thread: " + name));
        assertTrue(Thread.getAllStackTraces().keySet().stream().noneMatch(t -> t.getName().contains("RmpCoapServer[")),
                "a server without a worker pool starts no worker threads");
    }

    @Test
    void requestsWaitingForASlowAsyncRouteHoldNoThreadAndDoNotDelayOthers() throws Exception {
        // more held requests than the protocol threads: each one returned its thread when the route went asynchronous
        int slow = Runtime.getRuntime().availableProcessors() * 2 + 4;
        List<Request> waiting = new ArrayList<>();
        for (int i = 0; i < slow; i++) {
            Request request = get("slow");
            request.setType(CoAP.Type.NON);
            device.sendWithoutWaiting(request, port);
            waiting.add(request);
        }
        await().atMost(10, TimeUnit.SECONDS).until(() -> held.size() == slow);

        CoapResponse fast = device.send(get("fast"), port, 5_000);
        assertNotNull(fast, "a request to another route is served while the slow ones wait");
        assertEquals("fast", fast.getResponseText());

        assertEquals(slow, held.releaseAll());
        for (Request request : waiting) {
            Response answer = request.waitForResponse(10_000);
            assertNotNull(answer, "each held request is answered once released");
            assertEquals("released", answer.getPayloadString());
        }
    }

    @Test
    void consumerWithAWorkerPoolCannotShareThePortOfOneWithout() {
        Exception e = assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:" + port + "/pooled?workerPoolSize=4").routeId("pooled")
                        .setBody(constant("pooled"));
            }
        }));

        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append(" / ");
        }
        assertTrue(messages.toString().contains("worker pool"), messages.toString());
    }
}
