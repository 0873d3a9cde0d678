package io.rmpcoap.camel;

import java.util.Set;
import java.util.stream.Collectors;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.rmpcoap.camel.metrics.RmpCoapMetrics;
import io.rmpcoap.camel.test.TestDevice;
import org.apache.camel.BindToRegistry;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.Test;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Devices naming many Proxy-Uri hosts cannot grow the number of {@code rmpcoap.server.requests} meters. */
class MetricsTargetTagsTest extends CamelTestSupport {

    @BindToRegistry("meters")
    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // a proxy-mode route that leaves the device's Proxy-Uri on the exchange and declares no target
                from("rmpcoap:coap://127.0.0.1:0/a?proxyMode=true").routeId("undeclared")
                        .setBody(constant("ok"));
                // a careless route that declares whatever the device named as its target
                from("rmpcoap:coap://127.0.0.1:0/b?proxyMode=true").routeId("careless")
                        .setProperty(RmpCoapConstants.METRICS_TARGET, header(RmpCoapConstants.REQUEST_PROXY_URI))
                        .setBody(constant("ok"));
            }
        };
    }

    private void sendToHosts(String route, int hosts) throws Exception {
        try (TestDevice device = TestDevice.plain()) {
            for (int i = 0; i < hosts; i++) {
                Request request = new Request(CoAP.Code.GET);
                request.getOptions().setProxyUri("http://host-" + i + ".example/api");
                CoapResponse response = device.send(request, port(context, route));
                assertNotNull(response, "request " + i + " answered");
            }
        }
    }

    private Set<String> targetTags() {
        return meters.find("rmpcoap.server.requests").timers().stream()
                .map(Meter::getId).map(id -> id.getTag("target")).collect(Collectors.toSet());
    }

    @Test
    void aProxyUriTheRouteLeftInPlaceIsNeverATargetTag() throws Exception {
        sendToHosts("undeclared", 50);
        assertEquals(Set.of(RmpCoapMetrics.NO_TARGET), targetTags());
        assertEquals(50, meters.get("rmpcoap.server.requests").tag("target", RmpCoapMetrics.NO_TARGET).timer().count());
    }

    @Test
    void aDeviceNaming10000HostsAddsAtMostTheCappedNumberOfTargetTags() throws Exception {
        sendToHosts("careless", 10_000);

        Set<String> tags = targetTags();
        assertEquals(RmpCoapMetrics.MAX_TARGETS + 1, tags.size(), "100 hosts plus the overflow tag: " + tags.size());
        assertEquals(10_000 - RmpCoapMetrics.MAX_TARGETS,
                meters.get("rmpcoap.server.requests").tag("target", RmpCoapMetrics.OTHER_TARGET).timer().count());
        assertEquals(RmpCoapMetrics.MAX_TARGETS + 1, meters.find("rmpcoap.server.requests").timers().size());
    }
}
