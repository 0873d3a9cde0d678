package io.rmpcoap.camel;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.rmpcoap.camel.test.FreePorts;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;

/** An observer that stops acknowledging Confirmable notifications is dropped after Californium's retransmissions. */
class SilentObserverTest extends CamelTestSupport {

    private final int port = FreePorts.udp();
    private final AtomicInteger received = new AtomicInteger();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        // short retransmissions, so that giving up on the silent observer takes about a second, not 93 s
        Configuration coap = RmpCoapComponent.defaultCoapConfiguration();
        coap.set(CoapConfig.ACK_TIMEOUT, 200, TimeUnit.MILLISECONDS);
        coap.set(CoapConfig.ACK_INIT_RANDOM, 1.0f);
        coap.set(CoapConfig.MAX_RETRANSMIT, 1);
        camel.getComponent("rmpcoap", RmpCoapComponent.class).setCoapConfiguration(coap);
        return camel;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:" + port + "/temperature?observable=true").setBody(constant("21.5"));
            }
        };
    }

    @Test
    void anObserverThatStopsAcknowledgingIsDropped() {
        CoapClient client = new CoapClient("coap://127.0.0.1:" + port + "/temperature");
        CoapEndpoint observer = CoapEndpoint.builder().setConfiguration(Configuration.createStandardWithoutFile()).build();
        client.setEndpoint(observer);
        client.observe(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse response) {
                received.incrementAndGet();
            }

            @Override
            public void onError() {
            }
        });
        RmpCoapEndpoint notify = context.getEndpoint("rmpcoap:coap://127.0.0.1:" + port + "/temperature?notify=true",
                RmpCoapEndpoint.class);
        ObservedResource resource = notify.getComponent().servers().find(notify.getAddress()).observed("temperature");
        await().atMost(Duration.ofSeconds(3)).until(() -> received.get() == 1 && resource.getObserverCount() == 1);

        // the observer falls silent: its socket is gone, so nothing acknowledges the next Confirmable notification
        client.shutdown();
        observer.destroy();
        template.sendBody(notify, null);
        await().atMost(Duration.ofSeconds(5)).until(() -> resource.getObserverCount() == 0);
    }
}
