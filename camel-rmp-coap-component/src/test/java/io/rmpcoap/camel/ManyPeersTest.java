package io.rmpcoap.camel;

import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.Test;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * 10,000 distinct peers send 20 Confirmable requests each (200,000 in all): every one is answered, and once the
 * configured exchange lifetime has passed the deduplication state is swept, so the heap returns to where it started
 * instead of growing with the number of peers seen.
 */
class ManyPeersTest extends CamelTestSupport {

    private static final int PEERS = 10_000;

    private static final int REQUESTS = 20;
    /** Peers in flight at once: 200 datagrams, well inside a socket's receive buffer, so nothing is dropped. */
    private static final int BATCH = 10;
    /** How often a device sends an unanswered request again (CoAP's MAX_RETRANSMIT). */
    private static final int RETRANSMISSIONS = 4;
    /** The code byte of 2.05 Content. */
    private static final byte CONTENT = 0x45;

    private final MeterRegistry meters = new SimpleMeterRegistry();

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        Configuration coap = RmpCoapComponent.defaultCoapConfiguration();
        coap.set(CoapConfig.EXCHANGE_LIFETIME, 3, TimeUnit.SECONDS);
        coap.set(CoapConfig.MARK_AND_SWEEP_INTERVAL, 1, TimeUnit.SECONDS);
        RmpCoapComponent component = new RmpCoapComponent();
        component.setCoapConfiguration(coap);
        component.setMeterRegistry(meters); // for the deduplication store's gauge
        camel.addComponent("rmpcoap", component);
        return camel;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // answers piggybacked on the ACK even on a loaded machine: this test is about deduplication state,
                // not separate responses (RmpCoapConsumerTest covers those)
                from("rmpcoap:coap://127.0.0.1:0/s?separateResponseDelay=30000").routeId("s").setBody(constant("ok"));
            }
        };
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void tenThousandPeersAreAllAnsweredAndTheirStateIsSweptAway() throws Exception {
        int port = port(context, "s");
        InetAddress loopback = InetAddress.getLoopbackAddress();
        UdpDataSerializer serializer = new UdpDataSerializer();
        List<byte[]> requests = new ArrayList<>();
        for (int r = 0; r < REQUESTS; r++) {
            Request request = new Request(CoAP.Code.GET, CoAP.Type.CON);
            request.getOptions().setUriPath("s");
            request.setMID(r);
            request.setToken(new Token(new byte[] { (byte) r }));
            request.setDestinationContext(new AddressEndpointContext(loopback, port));
            requests.add(serializer.serializeRequest(request).getBytes());
        }
        long baseline = heapAfterGc();
        int answered = 0;
        for (int first = 0; first < PEERS; first += BATCH) {
            List<DatagramSocket> peers = new ArrayList<>();
            try {
                for (int p = 0; p < BATCH; p++) {
                    peers.add(new DatagramSocket(0, loopback));
                }
                answered += exchange(peers, requests, port);
            } finally {
                peers.forEach(DatagramSocket::close);
            }
        }
        // read before the full GCs below: on a loaded machine they can outlast the 3 s exchange lifetime
        Gauge deduplicated = meters.get("rmpcoap.server.dedup.size").gauge();
        double heldAfterFlood = deduplicated.value();
        long loaded = heapAfterGc();

        assertEquals(PEERS * REQUESTS, answered, "every request must be answered with 2.05");
        assertTrue(heldAfterFlood >= REQUESTS, "the last peers' exchanges must be held for deduplication, held "
                                                + heldAfterFlood);
        // the exchange lifetime (3 s) and a few sweeps (every second) empty the store and return the heap to its
        // baseline (it grew by loaded - baseline, less on a slow machine where the flood outlasts the lifetime)
        await("the deduplication state swept").atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(deduplicated::value, held -> held == 0);
        await("the heap back at its baseline (it grew by " + ((loaded - baseline) >> 20) + " MiB)")
                .atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                .until(() -> heapAfterGc() - baseline < 16L << 20);
    }

    /**
     * Sends every request from every peer and collects the 2.05 answers by token. Like a device, a peer sends a
     * request again when its answer has not come within two seconds (UDP may drop a datagram under load; the
     * deduplicator answers a retransmission with the same response), at most {@link #RETRANSMISSIONS} times.
     */
    private static int exchange(List<DatagramSocket> peers, List<byte[]> requests, int port) throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        boolean[][] answered = new boolean[peers.size()][REQUESTS];
        int count = 0;
        for (int attempt = 0; attempt <= RETRANSMISSIONS && count < peers.size() * REQUESTS; attempt++) {
            for (int p = 0; p < peers.size(); p++) {
                for (int r = 0; r < REQUESTS; r++) {
                    if (!answered[p][r]) {
                        byte[] datagram = requests.get(r);
                        peers.get(p).send(new DatagramPacket(datagram, datagram.length, loopback, port));
                    }
                }
            }
            for (int p = 0; p < peers.size(); p++) {
                DatagramSocket peer = peers.get(p);
                peer.setSoTimeout(2000);
                DatagramPacket answer = new DatagramPacket(new byte[256], 256);
                int missing = countMissing(answered[p]);
                while (missing > 0) {
                    try {
                        peer.receive(answer);
                    } catch (SocketTimeoutException e) {
                        break;
                    }
                    byte[] data = answer.getData();
                    int request = data[4]; // the one-byte token names the request
                    assertEquals(CONTENT, data[1], "answer to request " + request + " is not 2.05");
                    if (!answered[p][request]) {
                        answered[p][request] = true;
                        missing--;
                        count++;
                    }
                }
            }
        }
        return count;
    }

    private static int countMissing(boolean[] answered) {
        int missing = 0;
        for (boolean a : answered) {
            missing += a ? 0 : 1;
        }
        return missing;
    }
}
