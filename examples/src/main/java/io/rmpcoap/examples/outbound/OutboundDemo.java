package io.rmpcoap.examples.outbound;

import io.rmpcoap.camel.RmpCoapOperationFailedException;
import io.rmpcoap.examples.device.DemoDevice;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.main.Main;

/**
 * Platform to device: connectors (rmpcoap producers) read a demo device's thermometer, open its valve and show how a
 * 4.xx answer reaches the route. Runs offline and stops when idle.
 */
public final class OutboundDemo {

    private OutboundDemo() {
    }

    public static void main(String[] args) throws Exception {
        try (DemoDevice device = DemoDevice.start(0)) {
            String provider = "rmpcoap:coap://127.0.0.1:" + device.port();
            Main main = new Main();
            // its own properties, not the gateway example's application.properties (name, rmp.gateway.*)
            main.setDefaultPropertyPlaceholderLocation("classpath:outbound.properties");
            main.configure().withDurationMaxIdleSeconds(3);
            main.configure().addRoutesBuilder(new RouteBuilder() {
                @Override
                public void configure() {
                    from("timer:thermometer?repeatCount=2&period=500")
                            .to(provider + "/temperature?messageType=NON&timeout=5000")
                            .log("GET /temperature (NON) -> ${header.CamelRmpCoapResponseCode} ${bodyAs(String)}");

                    from("timer:valve?repeatCount=1&delay=300")
                            .setBody(constant("open"))
                            .to(provider + "/valve?method=PUT&timeout=5000")
                            .log("PUT /valve open -> ${header.CamelRmpCoapResponseCode}")
                            .setBody(constant(null))
                            .to(provider + "/valve?method=GET")
                            .log("GET /valve -> ${header.CamelRmpCoapResponseCode} ${bodyAs(String)}");

                    from("timer:mistake?repeatCount=1&delay=600")
                            .setBody(constant("half-open"))
                            .to(provider + "/valve?method=PUT&throwExceptionOnFailure=false")
                            .log("PUT /valve half-open -> ${header.CamelRmpCoapResponseCode} ${bodyAs(String)}");

                    from("timer:missing?repeatCount=1&delay=900")
                            .doTry()
                                .to(provider + "/nothing-here?timeout=2000")
                            .doCatch(RmpCoapOperationFailedException.class)
                                .log("GET /nothing-here -> failed as expected: ${exception.message}")
                            .end();
                }
            });
            main.run(args);
        }
    }
}
