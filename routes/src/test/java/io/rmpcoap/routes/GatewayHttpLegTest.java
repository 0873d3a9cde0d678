package io.rmpcoap.routes;

import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import io.rmpcoap.camel.test.TestDevice;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.AdviceWith;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.vertx.http.VertxHttpEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.Test;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's route continues on the Vert.x event loop after the HTTP call only when it runs without a worker pool
 * (GatewayContract shows that case for both twins): with one, an integrator may have added a step that blocks, so the
 * steps after the call run on a Vert.x worker thread, as camel-vertx-http does; and an integrator's own vertx-http
 * endpoints keep camel-vertx-http's producer.
 */
class GatewayHttpLegTest {

    private static final String TOKEN = "aGVsbG86d29ybGQ="; // hello:world

    @Test
    void withAWorkerPoolTheStepsAfterTheCallRunOnAVertxWorkerThread() throws Exception {
        BlockingQueue<String> threadsAfterTheCall = new LinkedBlockingQueue<>();
        try (RecordingHttpServer api = new RecordingHttpServer(); TestDevice device = TestDevice.plain()) {
            CamelContext context = gateway(api, "2");
            try {
                AdviceWith.adviceWith(context, GatewayRouteBuilder.ROUTE_ID, route -> route.weaveAddLast()
                        .process(exchange -> threadsAfterTheCall.add(Thread.currentThread().getName())));
                context.start();

                Request request = new Request(CoAP.Code.GET);
                request.getOptions().setProxyUri(api.base() + "/api/x?key=" + TOKEN);
                CoapResponse response = device.send(request, port(context, GatewayRouteBuilder.ROUTE_ID));

                assertNotNull(response, "the gateway did not answer");
                assertEquals(CoAP.ResponseCode.CONTENT, response.getCode());
                String thread = threadsAfterTheCall.poll(5, TimeUnit.SECONDS);
                assertNotNull(thread, "the route did not continue after the call");
                assertTrue(thread.startsWith("vert.x-worker-thread-"), thread);
            } finally {
                context.stop();
            }
        }
    }

    @Test
    void anIntegratorsOwnVertxHttpEndpointKeepsCamelVertxHttpsProducer() throws Exception {
        try (RecordingHttpServer api = new RecordingHttpServer()) {
            CamelContext context = gateway(api, "0");
            try {
                context.addRoutes(new RouteBuilder() {
                    @Override
                    public void configure() {
                        from("direct:own").to("vertx-http:" + api.base() + "/api/own");
                    }
                });
                context.start();

                VertxHttpEndpoint own = context.getEndpoint("vertx-http:" + api.base() + "/api/own", VertxHttpEndpoint.class);
                assertSame(VertxHttpEndpoint.class, own.getClass());
                assertTrue(context.getEndpoints().stream().anyMatch(GatewayHttpEndpoint.class::isInstance),
                        "the gateway's endpoint is not a GatewayHttpEndpoint: " + context.getEndpoints());
            } finally {
                context.stop();
            }
        }
    }

    private static CamelContext gateway(RecordingHttpServer api, String workerPoolSize) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("rmp.gateway.listen", "coap://127.0.0.1:0");
        properties.setProperty("rmp.gateway.allowedTargets", api.base() + "/api/");
        properties.setProperty("rmp.gateway.requireIdentityMatch", "false");
        properties.setProperty("rmp.gateway.workerPoolSize", workerPoolSize);
        CamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setOverrideProperties(properties);
        context.addRoutes(new GatewayRouteBuilder());
        return context;
    }
}
