package io.rmpcoap.bench.targets;

import io.rmpcoap.bench.BenchConfig;
import io.rmpcoap.bench.TargetSupport;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * A plain Camel route with camel-coap: {@code from("coap://127.0.0.1:PORT/echo").to("http://ECHO/echo")}. camel-coap
 * has no forward-proxy mode, so devices address it with Uri-Path {@code echo} (the route names the backend).
 * Arguments: port, echo base URL, udp|dtls.
 */
public final class CamelCoapRouteTarget {

    private CamelCoapRouteTarget() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String echoBase = args[1];
        boolean dtls = "dtls".equals(args[2]);
        DefaultCamelContext context = new DefaultCamelContext();
        context.getRegistry().bind("psk", new AdvancedSinglePskStore(BenchConfig.USER, BenchConfig.pskKey()));
        String from = (dtls ? "coaps" : "coap") + "://127.0.0.1:" + port + "/echo?coapMethodRestrict=GET,POST"
                      + (dtls ? "&advancedPskStore=#psk" : "");
        String to = echoBase.replaceFirst("^http", "http") + "echo?bridgeEndpoint=true&throwExceptionOnFailure=false";
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(from).routeId("camel-coap-to-http").to(to);
            }
        });
        context.start();
        TargetSupport.ready(port, context::stop);
    }
}
