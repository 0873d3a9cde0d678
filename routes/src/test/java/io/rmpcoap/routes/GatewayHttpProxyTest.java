package io.rmpcoap.routes;

import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpServer;
import io.rmpcoap.camel.test.TestDevice;
import org.apache.camel.CamelContext;
import org.apache.camel.component.vertx.http.VertxHttpComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.Test;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The HTTP leg goes through the proxy named by vertx-http's component options, as integrators configure it
 * (camel.component.vertx-http.proxyHost and proxyPort), although the gateway sets its own webClientOptions, with which
 * camel-vertx-http would ignore them.
 */
class GatewayHttpProxyTest {

    private static final String TOKEN = "aGVsbG86d29ybGQ="; // hello:world

    @Test
    void theComponentsProxyOptionsCarryTheCallThroughTheProxy() throws Exception {
        BlockingQueue<String> proxied = new LinkedBlockingQueue<>();
        HttpServer proxy = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        proxy.createContext("/", exchange -> {
            proxied.add(exchange.getRequestURI().toString());
            byte[] answer = "via the proxy".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        proxy.start();
        Properties properties = new Properties();
        properties.setProperty("rmp.gateway.listen", "coap://127.0.0.1:0");
        // a host no resolver knows: only the proxy can reach it
        properties.setProperty("rmp.gateway.allowedTargets", "http://api.invalid/api/");
        properties.setProperty("rmp.gateway.requireIdentityMatch", "false");
        CamelContext context = new DefaultCamelContext();
        try (TestDevice device = TestDevice.plain()) {
            context.getPropertiesComponent().setOverrideProperties(properties);
            VertxHttpComponent http = context.getComponent("vertx-http", VertxHttpComponent.class);
            http.setProxyHost("127.0.0.1");
            http.setProxyPort(proxy.getAddress().getPort());
            context.addRoutes(new GatewayRouteBuilder());
            context.start();

            Request request = new Request(CoAP.Code.GET);
            request.getOptions().setProxyUri("http://api.invalid/api/x?key=" + TOKEN + "&a=1");
            CoapResponse response = device.send(request, port(context, GatewayRouteBuilder.ROUTE_ID));

            assertNotNull(response, "the gateway did not answer");
            assertEquals(CoAP.ResponseCode.CONTENT, response.getCode());
            assertEquals("via the proxy", response.getResponseText());
            assertEquals("http://api.invalid/api/x?a=1", proxied.poll(5, TimeUnit.SECONDS));
        } finally {
            context.stop();
            proxy.stop(0);
        }
    }
}
