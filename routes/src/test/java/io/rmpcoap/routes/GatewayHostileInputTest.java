package io.rmpcoap.routes;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.tools.PskKeys;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.camel.CamelContext;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Option;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway facing hostile devices on plain UDP (where raw datagrams can be crafted) and on DTLS: malformed
 * datagrams, retransmitted Confirmables, options that try to steer the HTTP call, oversized payloads, and a route that
 * is stopped and started again and again. Afterwards the gateway still answers and no thread has leaked.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayHostileInputTest {

    private static final String TOKEN = "aGVsbG86d29ybGQ="; // hello:world
    /** Malformed datagrams sent at once, half to each port: well inside the sockets' receive buffers. */
    private static final int WINDOW = 100;
    /** The type bits of an Acknowledgement and the code byte of 4.02 Bad Option. */
    private static final int ACK = 0x20;
    private static final byte BAD_OPTION = (byte) 0x82;

    private final MeterRegistry meters = new SimpleMeterRegistry();
    private RecordingHttpServer api;
    private CamelContext context;
    private Set<String> threadsBefore;

    @BeforeAll
    void startGateway() throws Exception {
        threadsBefore = threadNames();
        api = new RecordingHttpServer();
        Properties properties = new Properties();
        properties.setProperty("rmp.gateway.listen", "coap://127.0.0.1:0");
        properties.setProperty("rmp.gateway.workerQueueSize", "1000");
        properties.setProperty("rmp.gateway.allowedTargets", api.base() + "/api/");
        properties.setProperty("rmp.gateway.maxPayloadSize", "4096");
        context = new DefaultCamelContext();
        context.getRegistry().bind("meters", meters);
        context.getPropertiesComponent().setOverrideProperties(properties);
        context.addRoutes(new GatewayRouteBuilder());
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coaps://127.0.0.1:0/dtls?pskIdentity=hello&pskKey=" + PskKeys.hexKey("world"))
                        .routeId("dtls").setBody(constant("dtls ok"));
            }
        });
        context.start();
    }

    @AfterAll
    void stopGateway() throws Exception {
        context.stop();
        api.close();
        await("threads left after the context stopped").atMost(Duration.ofSeconds(10)).pollInSameThread()
                .until(this::leakedThreads, Set::isEmpty);
    }

    private Set<String> leakedThreads() {
        Set<String> leaked = threadNames();
        leaked.removeAll(threadsBefore);
        leaked.removeIf(name -> name.startsWith("HttpClient") || name.startsWith("process reaper"));
        return leaked;
    }

    @BeforeEach
    void forgetRequests() {
        api.requests.clear();
    }

    private static Set<String> threadNames() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .collect(Collectors.toSet());
    }

    /** A PSK device gets the "dtls" route's answer. */
    private void assertDtlsRouteServes(String failure) throws Exception {
        try (TestDevice device = TestDevice.psk("hello", PskKeys.hexKey("world"))) {
            Request request = new Request(CoAP.Code.GET);
            request.getOptions().setUriPath("dtls");
            CoapResponse response = device.send(request, port(context, "dtls"));
            assertNotNull(response, failure);
            assertEquals("dtls ok", response.getResponseText());
        }
    }

    private static byte[] serialize(Request request, int mid, byte[] token) {
        request.setMID(mid);
        request.setToken(new Token(token));
        request.setDestinationContext(new AddressEndpointContext(InetAddress.getLoopbackAddress(), 9));
        return new UdpDataSerializer().serializeRequest(request).getBytes();
    }

    private static Request proxied(CoAP.Code code, String proxyUri) {
        Request request = new Request(code, CoAP.Type.CON);
        request.getOptions().setProxyUri(proxyUri);
        return request;
    }

    /**
     * Sends the datagram from one socket, first once and after each answer again, until {@code retransmissions} + 1
     * answers came. Like a real device it sends again when no answer came within a second: Californium deliberately
     * ignores a duplicate that arrives before its previous answer has left, so a burst of copies gets a single answer.
     */
    private static List<byte[]> exchange(int port, byte[] datagram, int retransmissions) throws Exception {
        List<byte[]> answers = new ArrayList<>();
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            DatagramPacket out = new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(1000);
            for (int sent = 0; answers.size() <= retransmissions && sent < 4 * (retransmissions + 1); sent++) {
                socket.send(out);
                try {
                    answers.add(receive(socket));
                } catch (SocketTimeoutException e) {
                    // send again
                }
            }
        }
        return answers;
    }

    private static byte[] receive(DatagramSocket socket) throws Exception {
        DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
        socket.receive(packet);
        return Arrays.copyOf(packet.getData(), packet.getLength());
    }

    @Test
    void retransmittedConfirmableReachesTheApiOnceAndGetsIdenticalAnswers() throws Exception {
        byte[] datagram = serialize(proxied(CoAP.Code.POST, api.base() + "/api/dup?key=" + TOKEN), 4711,
                new byte[] { 1, 2, 3, 4 });

        // retransmissions after the answer was sent (those sent while the API is still busy are simply absorbed)
        List<byte[]> answers = exchange(port(context, GatewayRouteBuilder.ROUTE_ID), datagram, 4);

        api.next();
        assertNull(api.requests.poll(), "a retransmission reached the API");
        assertEquals(5, answers.size());
        Message first = new UdpDataParser().parseMessage(answers.get(0));
        assertEquals(4711, first.getMID());
        assertEquals(ResponseCode.CHANGED, ((Response) first).getCode());
        for (byte[] answer : answers) {
            assertArrayEquals(answers.get(0), answer, "the deduplicator answers retransmissions identically");
        }
    }

    @Test
    void optionsAndQueriesCannotSteerTheHttpCall() throws Exception {
        Request request = proxied(CoAP.Code.GET, api.base() + "/api/steer?key=" + TOKEN + "&a=1");
        request.getOptions().addUriQuery("CamelHttpUri=http://127.0.0.1:1/evil");
        request.getOptions().addUriQuery("CamelHttpMethod=DELETE");
        request.getOptions().addUriQuery("Authorization=Basic ZXZpbDpldmls");
        request.getOptions().addUriQuery("CamelRmpCoapPskIdentity=admin");
        request.getOptions().addUriPath("CamelHttpPath");
        request.getOptions().addOption(new Option(65000, "CamelHttpQuery=x=1".getBytes(StandardCharsets.UTF_8)));
        try (TestDevice device = TestDevice.plain()) {
            CoapResponse response = device.send(request, port(context, GatewayRouteBuilder.ROUTE_ID));
            assertNotNull(response);
            assertEquals(ResponseCode.CONTENT, response.getCode());
        }
        RecordingHttpServer.Seen seen = api.next();
        assertEquals("GET", seen.method());
        assertEquals("/api/steer", seen.path());
        assertEquals("a=1", seen.query());
        assertEquals("Basic " + TOKEN, seen.authorization());
    }

    @Test
    void oversizedPayloadIsRequestEntityTooLargeAndNeverReachesTheApi() throws Exception {
        Request request = proxied(CoAP.Code.POST, api.base() + "/api/big?key=" + TOKEN);
        request.setPayload(new byte[8192]);
        try (TestDevice device = TestDevice.plain()) {
            CoapResponse response = device.send(request, port(context, GatewayRouteBuilder.ROUTE_ID));
            assertNotNull(response);
            assertEquals(ResponseCode.REQUEST_ENTITY_TOO_LARGE, response.getCode());
        }
        assertNull(api.requests.poll());
    }

    @Test
    void backendAnswerAboveTheLimitIsBadGatewayWithoutPayload() throws Exception {
        try (TestDevice device = TestDevice.plain()) {
            CoapResponse response = device.send(proxied(CoAP.Code.GET, api.base() + "/api/big/8192?key=" + TOKEN),
                    port(context, GatewayRouteBuilder.ROUTE_ID));
            assertNotNull(response);
            assertEquals(ResponseCode.BAD_GATEWAY, response.getCode());
            assertEquals(0, response.getPayloadSize());
        }
        api.next();
    }

    @Test
    void hundredThousandMalformedDatagramsLeaveBothPortsServing() throws Exception {
        Random random = new Random(7252);
        long heapBefore = heapAfterGc();
        int plain = port(context, GatewayRouteBuilder.ROUTE_ID);
        int dtls = port(context, "dtls");
        // get() fails when the meter does not exist, where counter() would create one that stays at zero
        Counter dropped = meters.get("rmpcoap.dtls.records.dropped").tags("role", "server").counter();
        double droppedBefore = dropped.count();
        int rejections = 0;
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            socket.setSoTimeout(10_000);
            // in windows small enough for the receive buffers, each one parsed before the next is sent: the plain
            // port answers every Confirmable request whose header it can read but whose options it cannot with 4.02
            // Bad Option, the DTLS port counts every datagram it drops
            for (int first = 0; first < 100_000; first += WINDOW) {
                Set<Integer> awaitingRejection = new HashSet<>();
                for (int i = first; i < first + WINDOW; i++) {
                    byte[] datagram = malformed(random, i);
                    boolean toPlain = i % 2 == 0;
                    if (toPlain && rejected(i)) {
                        awaitingRejection.add(i & 0xFFFF);
                    }
                    socket.send(new DatagramPacket(datagram, datagram.length, InetAddress.getLoopbackAddress(),
                            toPlain ? plain : dtls));
                }
                while (!awaitingRejection.isEmpty()) {
                    byte[] answer = receive(socket);
                    int mid = (answer[2] & 0xFF) << 8 | answer[3] & 0xFF;
                    if ((answer[0] & 0x30) == ACK && answer[1] == BAD_OPTION && awaitingRejection.remove(mid)) {
                        rejections++;
                    }
                }
                double expected = droppedBefore + (first + WINDOW) / 2;
                await("the DTLS port dropped datagrams " + first + " to " + (first + WINDOW))
                        .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(1)).pollInSameThread()
                        .until(() -> dropped.count() >= expected);
            }
        }
        assertEquals(100_000 / 2 / 8 * 4, rejections, "every malformed Confirmable request to the plain port is rejected");
        try (TestDevice device = TestDevice.plain()) {
            CoapResponse response = device.send(proxied(CoAP.Code.GET, api.base() + "/api/after?key=" + TOKEN), plain);
            assertNotNull(response, "the plain port stopped answering");
            assertEquals(ResponseCode.CONTENT, response.getCode());
        }
        assertDtlsRouteServes("the DTLS port stopped answering");
        long grown = heapAfterGc() - heapBefore;
        assertTrue(grown < 8L << 20, "malformed datagrams must leave no state, the heap grew by " + (grown >> 10) + " KiB");
    }

    private static long heapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Whether Californium answers {@link #malformed} datagram {@code i} with 4.02 Bad Option: a Confirmable request whose
     * header it reads and whose options or payload marker it cannot. It drops the others silently.
     */
    private static boolean rejected(int i) {
        return i % 8 >= 2 && i % 8 <= 5;
    }

    /**
     * Truncated headers, bad option deltas and lengths, token lengths over 8, empty payloads after the marker; the
     * message ID is the low 16 bits of {@code i}, so that a Reset tells which datagram it answers.
     */
    private static byte[] malformed(Random random, int i) {
        byte high = (byte) (i >> 8);
        byte[] header = { (byte) (0x40 | random.nextInt(16)), (byte) 0x01, high, (byte) i };
        return switch (i % 8) {
            case 0 -> Arrays.copyOf(header, random.nextInt(4)); // truncated header
            case 1 -> new byte[] { (byte) (0x49 + random.nextInt(7)), 0x01, high, (byte) i, 1, 2 }; // token length 9..15
            case 2 -> new byte[] { 0x40, 0x01, high, (byte) i, (byte) 0xFF }; // payload marker without payload
            case 3 -> new byte[] { 0x40, 0x02, high, (byte) i, (byte) 0xF1, 0x41 }; // option delta 15 (reserved)
            case 4 -> new byte[] { 0x40, 0x02, high, (byte) i, (byte) 0xEE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, 0x01, 0x02 };
            case 5 -> new byte[] { 0x40, 0x02, high, (byte) i, (byte) 0x1D, (byte) 0xFF, 0x41 }; // length beyond the datagram
            case 6 -> new byte[] { (byte) 0x80, 0x01, high, (byte) i }; // version 2
            default -> {
                byte[] noise = new byte[1 + random.nextInt(1200)];
                random.nextBytes(noise);
                yield noise;
            }
        };
    }

    @Test
    void clientHelloFloodFromManyPortsGetsStatelessHelloVerifyRequestsAndStartsNoHandshake() throws Exception {
        // a genuine ClientHello, caught on its way to a port that does not answer
        byte[] clientHello;
        try (DatagramSocket trap = new DatagramSocket(0, InetAddress.getLoopbackAddress());
             TestDevice device = TestDevice.psk("hello", PskKeys.hexKey("world"))) {
            Request request = new Request(CoAP.Code.GET);
            request.getOptions().setUriPath("dtls");
            Thread sender = new Thread(() -> {
                try {
                    device.send(request, trap.getLocalPort(), 1000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            sender.start();
            DatagramPacket packet = new DatagramPacket(new byte[2048], 2048);
            trap.setSoTimeout(5000);
            trap.receive(packet);
            clientHello = Arrays.copyOf(packet.getData(), packet.getLength());
            sender.join();
        }
        assertEquals(22, clientHello[0], "a DTLS handshake record");
        assertEquals(1, clientHello[13], "a ClientHello");

        Counter handshakes = meters.get("rmpcoap.dtls.handshakes.started").tags("role", "server").counter();
        double started = handshakes.count();
        int verifyRequests = 0;
        List<DatagramSocket> sources = new ArrayList<>();
        try {
            for (int i = 0; i < 500; i++) {
                DatagramSocket source = new DatagramSocket(0, InetAddress.getLoopbackAddress());
                source.setSoTimeout(200);
                sources.add(source);
                for (int copy = 0; copy < 4; copy++) {
                    source.send(new DatagramPacket(clientHello, clientHello.length, InetAddress.getLoopbackAddress(),
                            port(context, "dtls")));
                }
            }
            for (DatagramSocket source : sources.subList(0, 20)) {
                DatagramPacket answer = new DatagramPacket(new byte[2048], 2048);
                source.receive(answer);
                if (answer.getData()[0] == 22 && answer.getData()[13] == 3) {
                    verifyRequests++;
                }
            }
        } finally {
            sources.forEach(DatagramSocket::close);
        }
        assertEquals(20, verifyRequests, "each spoofable source gets a HelloVerifyRequest (a cookie), nothing more");
        assertEquals(started, handshakes.count(),
                "no handshake, and so no session state, may start before the cookie comes back");
        assertDtlsRouteServes("the DTLS port stopped serving after the flood");
    }

    @Test
    void routeStoppedAndStartedFiftyTimesRebindsItsPortAndServes() throws Exception {
        int before = Thread.activeCount();
        for (int i = 0; i < 50; i++) {
            context.getRouteController().stopRoute("dtls");
            context.getRouteController().startRoute("dtls");
        }
        assertDtlsRouteServes("the restarted route does not answer");
        await("threads back to " + before + " + 4").atMost(Duration.ofSeconds(10)).pollInSameThread()
                .until(Thread::activeCount, count -> count <= before + 4);
    }
}
