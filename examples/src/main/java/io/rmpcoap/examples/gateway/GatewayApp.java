package io.rmpcoap.examples.gateway;

import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;

import io.rmpcoap.camel.tools.AuthTokens;
import io.rmpcoap.camel.tools.PskKeys;
import io.rmpcoap.routes.GatewayRouteBuilder;
import org.apache.camel.CamelContext;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckRegistry;
import org.apache.camel.main.BaseMainSupport;
import org.apache.camel.main.Main;
import org.apache.camel.main.MainListenerSupport;
import org.eclipse.californium.core.coap.CoAP;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway, offline: the bundled gateway route on coaps (PSK), an embedded demo Composite API, and a demo device
 * that sends a few Confirmable requests through it and prints each answer. The gateway then keeps serving, so that
 * libcoap's coap-client can be tried against it (the command is printed). Its devices' DTLS sessions are saved when it
 * stops and restored when it starts again (rmp.gateway.sessionStore*). Settings: application.properties.
 */
public final class GatewayApp {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayApp.class);

    private GatewayApp() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().addRoutesBuilder(new GatewayRouteBuilder());
        main.addMainListener(new MainListenerSupport() {
            private DemoCompositeApi api;

            @Override
            public void afterConfigure(BaseMainSupport main) {
                try {
                    CamelContext context = main.getCamelContext();
                    int port = Integer.parseInt(context.resolvePropertyPlaceholders("{{demo.api.port}}"));
                    api = DemoCompositeApi.start(port, "hello", "world");
                } catch (Exception e) {
                    throw new IllegalStateException("Cannot start the demo Composite API", e);
                }
            }

            @Override
            public void afterStart(BaseMainSupport main) {
                CamelContext context = main.getCamelContext();
                int port = Integer.parseInt(context.resolvePropertyPlaceholders("{{demo.gateway.port}}"));
                // camel-observability-services' Prometheus registry, which the rmpcoap component autowires
                MeterRegistry meters = context.getRegistry().findSingleByType(MeterRegistry.class);
                logObservability(context);
                Thread demo = new Thread(() -> {
                    runDevice(port, api.baseUrl());
                    if (meters != null) {
                        logSummary(context, meters);
                    }
                }, "demo-device");
                demo.setDaemon(true);
                demo.start();
            }

            @Override
            public void afterStop(BaseMainSupport main) {
                if (api != null) {
                    api.close();
                }
            }
        });
        main.run(args);
    }

    /** Where camel-observability-services serves health and Prometheus metrics (the management port). */
    private static void logObservability(CamelContext context) {
        String base = "http://" + context.resolvePropertyPlaceholders("{{camel.management.host:0.0.0.0}}") + ":"
                      + context.resolvePropertyPlaceholders("{{camel.management.port:9876}}");
        LOG.info("observability: curl {}{}", base, context.resolvePropertyPlaceholders("{{camel.management.healthPath:/observe/health}}"));
        LOG.info("observability: curl {}{}", base, context.resolvePropertyPlaceholders("{{camel.metrics.path:/observe/metrics}}"));
    }

    /** What an operator would scrape: requests by CoAP code and target, DTLS handshakes, and the consumer's health. */
    private static void logSummary(CamelContext context, MeterRegistry meters) {
        meters.find("rmpcoap.server.requests").timers().forEach(timer -> LOG.info(
                "metrics: {} {} {} {} -> {} x, mean {} ms", timer.getId().getName(), timer.getId().getTag("method"),
                timer.getId().getTag("target"), timer.getId().getTag("code"), timer.count(),
                String.format("%.1f", timer.mean(TimeUnit.MILLISECONDS))));
        meters.find("rmpcoap.dtls.handshakes").counters().forEach(counter -> LOG.info("metrics: {} {} {} -> {}",
                counter.getId().getName(), counter.getId().getTag("role"), counter.getId().getTag("result"),
                (long) counter.count()));
        meters.find("rmpcoap.server.dedup.size").gauges().forEach(gauge -> LOG.info("metrics: {} {} -> {}",
                gauge.getId().getName(), gauge.getId().getTag("server"), (long) gauge.value()));
        HealthCheckRegistry.get(context).stream().filter(check -> check.getId().startsWith("consumer:"))
                .map(HealthCheck::call)
                .forEach(result -> LOG.info("health: {} {} {}", result.getCheck().getId(), result.getState(),
                        result.getDetails().getOrDefault("address", "")));
    }

    private static void runDevice(int gatewayPort, String apiBase) {
        String token = AuthTokens.encode("hello", "world");
        String key = PskKeys.hexKey("world");
        try (DemoPskDevice device = new DemoPskDevice(new InetSocketAddress("127.0.0.1", gatewayPort), "hello", key)) {
            LOG.info("device: POST telemetry  -> {}",
                    device.send(CoAP.Code.POST, apiBase + "telemetry?key=" + token + "&site=lab", "{\"celsius\":21.5}"));
            LOG.info("device: GET config      -> {}", device.send(CoAP.Code.GET, apiBase + "config?key=" + token, null));
            LOG.info("device: GET, no token   -> {}", device.send(CoAP.Code.GET, apiBase + "config", null));
            LOG.info("device: GET, not listed -> {}",
                    device.send(CoAP.Code.GET, "http://169.254.169.254/latest?key=" + token, null));
        } catch (Exception e) {
            LOG.warn("demo device failed: {}", e.getMessage());
        }
        LOG.info("The gateway keeps serving on coaps://127.0.0.1:{}. Try libcoap (Ctrl+C stops):", gatewayPort);
        LOG.info("  coap-client-openssl -m get -u hello -k {} -P coaps://127.0.0.1:{} '{}config?key={}'",
                key, gatewayPort, apiBase, token);
    }
}
