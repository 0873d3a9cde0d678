package io.rmpcoap.camel;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.test.UdpRelay;
import io.rmpcoap.camel.tools.PskKeys;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.scandium.DtlsClusterConnector;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * Hostile datagrams on a cluster node's management port: random bytes, a short cluster header, a forged cluster
 * header, a captured forwarded record replayed from another address, the same record with its header altered and sent
 * from the real sender's address, and the record replayed unchanged from that address. Node 2 owns the device's
 * session; node 1, which the balancer moves the device to, reaches node 2 through a test-side tap (node 1, the lower
 * id, opens that management connection), which captures the forwarded record and can send from the address node 2
 * knows as node 1's.
 * Everything is dropped (the management-channel meter counts the first five by reason; the exact replay passes the
 * cluster MAC and is dropped by Scandium's DTLS anti-replay filter), no route runs, and the device goes on.
 */
class DtlsClusterHostileTest {

    private static final String KEY = PskKeys.hexKey("world");
    private static final String DROPPED = "rmpcoap.cluster.management.dropped";

    /** A UDP tap between node 1 and node 2's management port that keeps what node 1 forwards. */
    private static final class ManagementTap implements AutoCloseable {
        final DatagramSocket front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        final DatagramSocket back = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        final InetSocketAddress target;
        final List<byte[]> forwarded = new CopyOnWriteArrayList<>();
        private volatile SocketAddress sender;
        private final Thread[] threads;

        ManagementTap(InetSocketAddress target) throws IOException {
            this.target = target;
            threads = new Thread[] { pump(front, true), pump(back, false) };
        }

        private Thread pump(DatagramSocket from, boolean towardsTarget) {
            Thread thread = new Thread(() -> {
                byte[] buffer = new byte[4096];
                while (!from.isClosed()) {
                    try {
                        DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                        from.receive(packet);
                        byte[] data = Arrays.copyOf(packet.getData(), packet.getLength());
                        if (towardsTarget) {
                            sender = packet.getSocketAddress();
                            if (data[0] == DtlsClusterConnector.RECORD_TYPE_INCOMING) {
                                forwarded.add(data);
                            }
                            back.send(new DatagramPacket(data, data.length, target));
                        } else if (sender != null) {
                            front.send(new DatagramPacket(data, data.length, sender));
                        }
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "management-tap");
            thread.setDaemon(true);
            thread.start();
            return thread;
        }

        int port() {
            return front.getLocalPort();
        }

        /** Sends from the address node 2 knows as node 1's. */
        void sendAsNode1(byte[] data) throws IOException {
            back.send(new DatagramPacket(data, data.length, target));
        }

        @Override
        public void close() {
            front.close();
            back.close();
            try {
                for (Thread thread : threads) {
                    thread.join(2000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static CoapResponse post(TestDevice device, UdpRelay balancer, String payload) throws InterruptedException {
        Request request = Request.newPost().setURI("coaps://127.0.0.1/hello");
        request.setPayload(payload);
        return device.send(request, balancer.port(), 10_000);
    }

    /** A cluster header for a forwarded record (type 63, source 127.0.0.1:port, a MAC of zeros) and a CID record for node 2. */
    private static byte[] forgedForwardedRecord() {
        byte[] datagram = new byte[4 + 4 + 8 + 11 + 6 + 2 + 24];
        datagram[0] = DtlsClusterConnector.RECORD_TYPE_INCOMING;
        datagram[1] = (byte) 0x39;
        datagram[2] = (byte) 0x30;
        datagram[3] = 4;
        datagram[4] = 127;
        datagram[7] = 1;
        int record = 16;
        datagram[record] = 25; // tls12_cid
        datagram[record + 1] = (byte) 0xfe;
        datagram[record + 2] = (byte) 0xfd;
        datagram[record + 4] = 1; // epoch 1
        datagram[record + 11] = 2; // the Connection ID, node 2 first
        datagram[record + 18] = 24; // length
        return datagram;
    }

    @Test
    void hostileManagementDatagramsAreDroppedAndCountedAndReachNoRoute() throws Exception {
        int management1 = FreePorts.udp();
        int management2 = FreePorts.udp();
        try (ManagementTap tap = new ManagementTap(new InetSocketAddress("127.0.0.2", management2));
             DtlsClusterNode owner = new DtlsClusterNode(2, "127.0.0.2",
                     "1=127.0.0.3:" + management1 + ",2=127.0.0.2:" + management2);
             DtlsClusterNode forwarder = new DtlsClusterNode(1, "127.0.0.3",
                     "1=127.0.0.3:" + management1 + ",2=127.0.0.1:" + tap.port());
             UdpRelay balancer = new UdpRelay(owner.address());
             TestDevice device = TestDevice.psk("hello", KEY, 0);
             DatagramSocket attacker = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            await().atMost(Duration.ofSeconds(10)).until(() -> owner.reaches(1) && forwarder.reaches(2));
            assertEquals("node 2: first", post(device, balancer, "first").getResponseText());
            balancer.retarget(forwarder.address());
            assertEquals("node 2: moved", post(device, balancer, "moved").getResponseText());
            await().atMost(Duration.ofSeconds(5)).until(() -> !tap.forwarded.isEmpty());
            byte[] captured = tap.forwarded.get(tap.forwarded.size() - 1);
            double replayDropsBefore = owner.count("rmpcoap.dtls.records.dropped");
            InetSocketAddress management = new InetSocketAddress("127.0.0.2", management2);

            byte[] noise = new byte[64];
            new Random(13).nextBytes(noise);
            noise[0] = 0x01; // neither a cluster record type nor a DTLS content type
            attacker.send(new DatagramPacket(noise, noise.length, management));
            byte[] shortHeader = { DtlsClusterConnector.RECORD_TYPE_INCOMING, 0, 0, 4, 127, 0, 0, 1 };
            attacker.send(new DatagramPacket(shortHeader, shortHeader.length, management));
            byte[] forged = forgedForwardedRecord();
            attacker.send(new DatagramPacket(forged, forged.length, management));
            attacker.send(new DatagramPacket(captured, captured.length, management));
            byte[] altered = captured.clone();
            altered[1] ^= 0x01; // the device's source port in the cluster header: covered by the cluster MAC
            tap.sendAsNode1(altered);
            tap.sendAsNode1(captured);

            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
                assertEquals(2, owner.count(DROPPED, "malformed"), "random bytes and the short header");
                assertEquals(2, owner.count(DROPPED, "no-session"), "the forged header and the replay from elsewhere");
                assertEquals(1, owner.count(DROPPED, "bad-mac"), "the altered header from node 1's address");
                assertEquals(replayDropsBefore + 1, owner.count("rmpcoap.dtls.records.dropped"),
                        "the exact replay from node 1's address, dropped by the DTLS anti-replay filter");
            });
            assertEquals(2, owner.served.get(), "no hostile datagram reached node 2's route");
            assertEquals(0, forwarder.served.get());

            CoapResponse after = post(device, balancer, "after");
            assertNotNull(after, "the device goes on through node 1");
            assertEquals("node 2: after", after.getResponseText());
            assertEquals(3, owner.served.get());
            assertTrue(owner.reaches(1) && forwarder.reaches(2), "the management channel still works");
        }
    }
}
