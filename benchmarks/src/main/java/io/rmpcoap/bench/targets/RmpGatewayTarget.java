package io.rmpcoap.bench.targets;

import java.util.Properties;

import io.rmpcoap.bench.BenchConfig;
import io.rmpcoap.bench.TargetSupport;
import io.rmpcoap.routes.GatewayRouteBuilder;
import org.apache.camel.Exchange;
import org.apache.camel.component.http.HttpMethods;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.TypeConverterSupport;

/**
 * The rmpcoap gateway as shipped: {@link GatewayRouteBuilder} driven by rmp.gateway.* properties (listen, security,
 * allowedTargets = the echo server). Arguments: port, echo base URL, udp|dtls[, fast-method].
 */
public final class RmpGatewayTarget {

    private RmpGatewayTarget() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String echoBase = args[1];
        boolean dtls = "dtls".equals(args[2]);
        Properties p = new Properties();
        p.setProperty("rmp.gateway.listen", (dtls ? "coaps" : "coap") + "://127.0.0.1:" + port);
        // plain UDP: an empty rmp.gateway.security leaves a trailing '&' in the consumer URI, which Camel refuses, so
        // the UDP gateway names an option at its default value instead
        p.setProperty("rmp.gateway.security", dtls
                ? "pskIdentity=" + BenchConfig.USER + "&pskKey=" + BenchConfig.PSK_KEY_TEXT : "muteException=true");
        p.setProperty("rmp.gateway.allowedTargets", echoBase);
        DefaultCamelContext context = new DefaultCamelContext();
        context.getPropertiesComponent().setInitialProperties(p);
        if (args.length > 3 && "fast-method".equals(args[3])) {
            // the experiment behind the proposed fix (see BENCHMARKS.md): AuthTokenProcessor sets CamelHttpMethod as a
            // String, and camel-http reads it as HttpMethods; without a String->HttpMethods converter Camel resolves
            // the enum conversion reflectively on every request (a quarter of the gateway's CPU in the profile)
            context.getTypeConverterRegistry().addTypeConverter(HttpMethods.class, String.class, new TypeConverterSupport() {
                @Override
                public <T> T convertTo(Class<T> type, Exchange exchange, Object value) {
                    return type.cast(HttpMethods.valueOf(value.toString()));
                }
            });
        }
        context.addRoutes(new GatewayRouteBuilder());
        context.start();
        TargetSupport.ready(port, context::stop);
    }
}
