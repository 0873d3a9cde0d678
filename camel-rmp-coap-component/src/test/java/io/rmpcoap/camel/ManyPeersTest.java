package io.rmpcoap.camel;

import java.lang.management.ManagementFactory;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    @Override
    protected CamelContext createCamelContext() throws Exception {
        CamelContext camel = super.createCamelContext();
        Configuration coap = RmpCoapComponent.defaultCoapConfiguration();
        coap.set(CoapConfig.EXCHANGE_LIFETIME, 3, TimeUnit.SECONDS);
        coap.set(CoapConfig.MARK_AND_SWEEP_INTERVAL, 1, TimeUnit.SECONDS);
        RmpCoapComponent component = new RmpCoapComponent();
        component.setCoapConfiguration(coap);
        camel.addComponent("rmpcoap", component);
        return camel;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:0/s").routeId("s").setBody(constant("ok"));
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
                    DatagramSocket peer = new DatagramSocket(0, loopback);
                    peers.add(peer);
                    for (byte[] datagram : requests) {
                        peer.send(new DatagramPacket(datagram, datagram.length, loopback, port));
                    }
                }
                for (DatagramSocket peer : peers) {
                    peer.setSoTimeout(2000);
                    DatagramPacket answer = new DatagramPacket(new byte[256], 256);
                    for (int r = 0; r < REQUESTS; r++) {
                        try {
                            peer.receive(answer);
                            answered++;
                        } catch (SocketTimeoutException e) {
                            break;
                        }
                    }
                }
            } finally {
                peers.forEach(DatagramSocket::close);
            }
        }
        long loaded = heapAfterGc();
        Thread.sleep(TimeUnit.SECONDS.toMillis(6)); // the exchange lifetime and a few sweeps
        long swept = heapAfterGc();

        assertTrue(answered >= PEERS * REQUESTS * 99L / 100, "answered " + answered + " of " + PEERS * REQUESTS);
        assertTrue(swept - baseline < 16L << 20,
                "heap grew by " + ((swept - baseline) >> 20) + " MiB after the sweep (" + ((loaded - baseline) >> 20)
                                                   + " MiB before it)");
    }
}
