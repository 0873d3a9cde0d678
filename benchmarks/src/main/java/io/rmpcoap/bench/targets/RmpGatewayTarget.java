package io.rmpcoap.bench.targets;

import java.util.Properties;

import io.rmpcoap.bench.BenchConfig;
import io.rmpcoap.bench.TargetSupport;
import io.rmpcoap.camel.RmpCoapComponent;
import io.rmpcoap.routes.GatewayRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.impl.engine.PooledExchangeFactory;
import org.apache.camel.impl.engine.PooledProcessorExchangeFactory;

/**
 * The rmpcoap gateway as shipped: {@link GatewayRouteBuilder} driven by rmp.gateway.* properties (listen, pskIdentity
 * and pskKey, allowedTargets = the echo server), in a context with pooled exchanges as the shipped deployments set
 * ({@code camel.main.exchangeFactory = pooled}). Arguments: port, echo base URL, udp|dtls, then further rmp.gateway.*
 * properties as key=value, {@code camel.main.exchangeFactory=prototype} for Camel's default,
 * {@code protocolThreads=N} for the component's protocol threads.
 */
public final class RmpGatewayTarget {

    private RmpGatewayTarget() {
    }

    public static void main(String[] args) throws Exception {
        DefaultCamelContext context = gatewayContext(args);
        for (String arg : args) {
            if (arg.startsWith("protocolThreads=")) {
                context.getComponent("rmpcoap", RmpCoapComponent.class)
                        .setProtocolThreads(Integer.parseInt(arg.substring("protocolThreads=".length())));
            }
        }
        context.addRoutes(new GatewayRouteBuilder());
        context.start();
        TargetSupport.ready(Integer.parseInt(args[0]), context::stop);
    }

    /** A context with the rmp.gateway.* properties for these arguments (port, echo base URL, udp|dtls, key=value...). */
    public static DefaultCamelContext gatewayContext(String[] args) {
        boolean dtls = "dtls".equals(args[2]);
        Properties p = new Properties();
        p.setProperty("rmp.gateway.listen", (dtls ? "coaps" : "coap") + "://127.0.0.1:" + args[0]);
        if (dtls) {
            p.setProperty("rmp.gateway.pskIdentity", BenchConfig.USER);
            p.setProperty("rmp.gateway.pskKey", BenchConfig.PSK_KEY_TEXT);
        }
        p.setProperty("rmp.gateway.allowedTargets", args[1]);
        for (int i = 3; i < args.length; i++) {
            int equals = args[i].indexOf('=');
            p.setProperty(args[i].substring(0, equals), args[i].substring(equals + 1));
        }
        DefaultCamelContext context = new DefaultCamelContext();
        // what Camel Main does for camel.main.exchangeFactory = pooled
        if (!"prototype".equals(p.remove("camel.main.exchangeFactory"))) {
            context.getCamelContextExtension().setExchangeFactory(new PooledExchangeFactory());
            context.getCamelContextExtension().setProcessorExchangeFactory(new PooledProcessorExchangeFactory());
        }
        context.getPropertiesComponent().setInitialProperties(p);
        return context;
    }
}
