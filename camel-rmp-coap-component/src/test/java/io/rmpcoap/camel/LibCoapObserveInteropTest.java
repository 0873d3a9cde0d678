package io.rmpcoap.camel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.LibCoap;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Observe both ways with libcoap 4.3.1 as the independent peer. */
class LibCoapObserveInteropTest extends CamelTestSupport {

    private final int servedPort = FreePorts.udp();
    private final AtomicInteger value = new AtomicInteger();

    @BeforeAll
    static void libcoap() {
        LibCoap.assumeAvailable();
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:" + servedPort + "/temperature?observable=true").routeId("served")
                        .process(e -> e.getMessage().setBody("t=" + value.get()));
            }
        };
    }

    @Test
    void consumerObservesLibcoapServersTimeResourceAndCancelsOnStop() throws Exception {
        int port = FreePorts.udp();
        List<Exchange> received = new CopyOnWriteArrayList<>();
        try (LibCoap.Server server = LibCoap.server("-A", "127.0.0.1", "-p", String.valueOf(port), "-v", "7")) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from("rmpcoap:coap://127.0.0.1:" + port + "/time?observe=true").routeId("observe")
                            .process(received::add);
                }
            });
            // libcoap's /time changes once a second and notifies its observers
            await().atMost(Duration.ofSeconds(6)).untilAsserted(
                    () -> assertTrue(received.size() >= 3, server.output()));
            int previous = -1;
            for (Exchange exchange : received) {
                assertEquals("2.05", exchange.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
                int sequence = exchange.getMessage().getHeader(RmpCoapConstants.OBSERVE_SEQUENCE, Integer.class);
                assertTrue(sequence > previous, "Observe numbers not increasing");
                previous = sequence;
            }
            context.getRouteController().stopRoute("observe");
            int after = received.size();
            // the proactive cancel removed the observer: libcoap logs it and sends nothing more
            await().atMost(Duration.ofSeconds(3)).untilAsserted(
                    () -> assertTrue(server.output().contains("removed subscription"), server.output()));
            await().during(Duration.ofMillis(1500)).atMost(Duration.ofSeconds(3)).until(() -> received.size() == after);
        }
    }

    @Test
    void libcoapClientObservesAnObservableRouteAndPrintsEveryNotification() throws Exception {
        libCoapPrintsEveryNotification(template, value, "coap://127.0.0.1:" + servedPort + "/temperature");
    }

    /**
     * libcoap's client observes the route's resource at the URI while the route notifies three new values: it prints
     * the first answer (t=0) and then notifications in order up to t=3.
     */
    static void libCoapPrintsEveryNotification(ProducerTemplate template, AtomicInteger value, String uri) throws Exception {
        RmpCoapEndpoint notify = template.getCamelContext().getEndpoint("rmpcoap:" + uri + "?notify=true",
                RmpCoapEndpoint.class);
        CompletableFuture<LibCoap.Result> client = CompletableFuture.supplyAsync(() -> {
            try {
                return LibCoap.client(Duration.ofSeconds(10), "-s", "3", "-w", "-m", "get", uri);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        ObservedResource resource = notify.getComponent().servers().find(notify.getAddress()).observed("temperature");
        await().atMost(Duration.ofSeconds(5)).until(() -> resource.getObserverCount() == 1);
        for (int i = 1; i <= 3; i++) {
            value.set(i);
            template.sendBody(notify, null);
        }
        LibCoap.Result result = client.get(15, TimeUnit.SECONDS);
        List<String> lines = result.stdout().lines().filter(l -> !l.isBlank()).toList();
        assertEquals("t=0", lines.get(0), result.describe());
        assertEquals("t=3", lines.get(lines.size() - 1), result.describe());
        // each notify runs the route again when it gets there, so two may see the same value, never an older one
        assertTrue(lines.size() >= 2, result.describe());
        for (int i = 1; i < lines.size(); i++) {
            assertTrue(lines.get(i).compareTo(lines.get(i - 1)) >= 0, result.describe());
        }
    }
}
