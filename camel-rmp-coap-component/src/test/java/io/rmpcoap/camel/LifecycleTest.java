package io.rmpcoap.camel;

import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;

import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A Camel context restarted again and again releases its ports and threads and binds the same ports again. */
class LifecycleTest {

    private static Set<String> threads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }

    @Test
    void restartedContextRebindsItsPortsAndLeavesNoThreads() throws Exception {
        int plain = FreePorts.udp();
        int secure = FreePorts.udp();
        Set<String> before = threads();
        CamelContext context = new DefaultCamelContext();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:" + plain + "/p").setBody(constant("plain"));
                from("rmpcoap:coaps://127.0.0.1:" + secure + "/s?pskIdentity=hello&pskKey=" + PskKeys.hexKey("world"))
                        .setBody(constant("secure"));
                from("direct:out").to("rmpcoap:coap://127.0.0.1:" + plain + "/p?method=GET&timeout=3000");
            }
        });
        for (int round = 0; round < 5; round++) {
            context.start();
            assertEquals("plain", context.createProducerTemplate().requestBody("direct:out", null, String.class));
            try (TestDevice device = TestDevice.psk("hello", PskKeys.hexKey("world"))) {
                Request request = new Request(CoAP.Code.GET);
                request.getOptions().setUriPath("s");
                CoapResponse response = device.send(request, secure);
                assertNotNull(response, "round " + round + ": the DTLS consumer does not answer");
                assertEquals("secure", response.getResponseText());
            }
            context.stop();
            assertTrue(FreePorts.isFree(plain) && FreePorts.isFree(secure), "round " + round + ": a port is still bound");
        }
        await("threads left behind").atMost(Duration.ofSeconds(10)).pollInSameThread()
                .until(() -> leaked(before), Set::isEmpty);
    }

    private static Set<String> leaked(Set<String> before) {
        Set<String> leaked = threads();
        leaked.removeAll(before);
        // Camel keeps its graceful-shutdown thread until the context is shut down for good, not merely stopped
        leaked.removeIf(name -> name.endsWith("ShutdownTask"));
        return leaked;
    }
}
