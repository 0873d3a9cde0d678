package io.rmpcoap.springboot;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.util.json.JsonArray;
import org.apache.camel.util.json.JsonObject;
import org.apache.camel.util.json.Jsoner;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Grafana dashboard in deploy/grafana asks Prometheus only for series the component really exports: a producer
 * and a consumer exchange a request over DTLS with a Prometheus registry (percentile histograms on, as the dashboard's
 * latency panels require), and every series a query names must be in the scrape; every rmpcoap meter is on a panel.
 */
class GrafanaDashboardTest {

    private static final Path DASHBOARD = Path.of("../deploy/grafana/rmpcoap-dashboard.json");
    private static final Pattern SERIES = Pattern.compile("rmpcoap_[a-z0-9_]+");

    @Test
    void everyDashboardQueryNamesASeriesTheComponentExportsAndEveryMeterIsShown() throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                return id.getName().startsWith("rmpcoap.")
                        ? DistributionStatisticConfig.builder().percentilesHistogram(true).build().merge(config) : config;
            }
        });
        String key = PskKeys.hexKey("world");
        int port = FreePorts.udp();
        String scrape;
        Set<String> meters = new TreeSet<>();
        try (CamelContext context = new DefaultCamelContext()) {
            context.getRegistry().bind("prometheus", registry);
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("rmpcoap:coaps://127.0.0.1:" + port + "/telemetry?pskIdentity=hello&pskKey=" + key)
                            .setBody(constant("ok"));
                }
            });
            context.start();
            String answer = context.createProducerTemplate().requestBody("rmpcoap:coaps://127.0.0.1:" + port
                    + "/telemetry?method=POST&pskIdentity=hello&pskKey=" + key, "21.5", String.class);
            assertEquals("ok", answer);
            scrape = registry.scrape();
            registry.getMeters().stream().map(m -> m.getId().getName()).filter(n -> n.startsWith("rmpcoap."))
                    .forEach(meters::add);
        }
        Set<String> exported = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            Matcher m = SERIES.matcher(line);
            if (!line.startsWith("#") && m.lookingAt()) {
                exported.add(m.group());
            }
        }

        JsonObject dashboard = (JsonObject) Jsoner.deserialize(Files.readString(DASHBOARD));
        Set<String> queried = new TreeSet<>();
        for (Object p : (JsonArray) dashboard.get("panels")) {
            for (Object t : ((JsonObject) p).getCollection("targets")) {
                Matcher m = SERIES.matcher(((JsonObject) t).getString("expr"));
                while (m.find()) {
                    queried.add(m.group());
                }
            }
        }
        assertFalse(queried.isEmpty(), "the dashboard queries nothing");
        for (String series : queried) {
            assertTrue(exported.contains(series), series + " is not exported; the component exports " + exported);
        }
        for (String meter : meters) {
            String base = meter.replace('.', '_');
            assertTrue(queried.stream().anyMatch(q -> q.startsWith(base)), meter + " is on no panel of the dashboard");
        }
        assertTrue(meters.containsAll(Set.of("rmpcoap.server.requests", "rmpcoap.client.requests", "rmpcoap.dtls.handshakes",
                "rmpcoap.server.dedup.size")), String.valueOf(meters));
    }
}
