package io.rmpcoap.camel;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import io.rmpcoap.camel.dtls.InMemoryPskStore;
import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.test.TestPki;
import org.apache.camel.Exchange;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;
import org.eclipse.californium.core.network.serialization.TcpDataParser;
import org.eclipse.californium.core.network.serialization.TcpDataSerializer;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.TcpConfig;
import org.eclipse.californium.elements.tcp.netty.TcpServerConnector;
import org.eclipse.californium.elements.tcp.netty.TlsServerConnector;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static io.rmpcoap.camel.test.TestRoutes.pattern;
import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * coap+tcp and coaps+tcp (RFC 8323) against Californium's own TCP and TLS servers and clients, with certificates from
 * a PKI generated for the test run: producer and consumer both ways, 100 KiB bodies in one message, a peer that
 * closes the connection mid-request, the CSM and size limit of the consumer's connections, and the options refused.
 */
class CoapOverTcpTest extends CamelTestSupport {

    private static final String PASSWORD = TestPki.PASSWORD;
    private static final int HUNDRED_KIB = 100 * 1024;

    @TempDir
    static Path dir;

    static TestPki pki;
    private static CoapServer tcpServer;
    private static CoapServer tlsServer;
    private static CoapServer rogueTlsServer;
    private static CoapServer otherHostTlsServer;
    /** Requests the Californium servers received, block-wise parts each counted. */
    private static final AtomicInteger received = new AtomicInteger();

    static {
        CoapConfig.register();
        TcpConfig.register();
    }

    @BeforeAll
    static void startServers() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        tcpServer = californiumServer(new TcpServerConnector(new InetSocketAddress("127.0.0.1", 0), serverConfiguration()));
        tlsServer = californiumServer(new TlsServerConnector(TestPki.sslContext(pki.server(), null),
                new InetSocketAddress("127.0.0.1", 0), serverConfiguration()));
        rogueTlsServer = californiumServer(new TlsServerConnector(TestPki.sslContext(pki.rogueServer(), null),
                new InetSocketAddress("127.0.0.1", 0), serverConfiguration()));
        otherHostTlsServer = californiumServer(new TlsServerConnector(TestPki.sslContext(pki.otherHost(), null),
                new InetSocketAddress("127.0.0.1", 0), serverConfiguration()));
    }

    @AfterAll
    static void stopServers() {
        for (CoapServer server : new CoapServer[] { tcpServer, tlsServer, rogueTlsServer, otherHostTlsServer }) {
            if (server != null) {
                server.destroy();
            }
        }
    }

    private static Configuration serverConfiguration() {
        Configuration configuration = Configuration.createStandardWithoutFile();
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 1 << 20);
        // the server answers in one message too, so that only the producer's request parts are counted
        configuration.set(CoapConfig.MAX_MESSAGE_SIZE, 1 << 20);
        configuration.set(TcpConfig.TLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NONE);
        return configuration;
    }

    /** A Californium server whose /echo answers a POST or PUT with its payload and a GET with the protocol. */
    private static CoapServer californiumServer(Connector connector) {
        CoapServer server = new CoapServer();
        CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(serverConfiguration()).setConnector(connector)
                .build();
        endpoint.addInterceptor(new MessageInterceptorAdapter() {
            @Override
            public void receiveRequest(Request request) {
                received.incrementAndGet();
            }
        });
        server.addEndpoint(endpoint);
        server.add(new CoapResource("echo") {
            @Override
            public void handleGET(CoapExchange exchange) {
                exchange.respond(ResponseCode.CONTENT, "hello over " + connector.getProtocol());
            }

            @Override
            public void handlePOST(CoapExchange exchange) {
                exchange.respond(ResponseCode.CONTENT, exchange.getRequestPayload());
            }

            @Override
            public void handlePUT(CoapExchange exchange) {
                exchange.respond(ResponseCode.CHANGED, exchange.getRequestPayload());
            }
        });
        server.start();
        return server;
    }

    private static int serverPort(CoapServer server) {
        return server.getEndpoints().get(0).getAddress().getPort();
    }

    private static String keyStoreOptions() {
        return "keyStore=" + pki.server().keyStoreUri() + "&keyStorePassword=" + PASSWORD;
    }

    private static String trustStoreOptions() {
        return "trustStore=" + pki.ca().trustStoreUri() + "&trustStorePassword=" + PASSWORD;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                // the answer is the request's body: an echo
                from("rmpcoap:coap+tcp://127.0.0.1:0/echo").routeId("tcp").log("${header.CamelRmpCoapRequestMethod}");
                from("rmpcoap:coaps+tcp://127.0.0.1:0/echo?" + keyStoreOptions()).routeId("tls")
                        .log("${header.CamelRmpCoapRequestMethod}");
                from("rmpcoap:coaps+tcp://127.0.0.1:0/mutual?" + keyStoreOptions() + "&" + trustStoreOptions()
                     + "&clientAuthentication=NEEDED").routeId("mutual")
                        .to("mock:mutual").setBody(header(RmpCoapConstants.PRINCIPAL));
            }
        };
    }

    // ---- producer -> Californium server ----

    @Test
    void producerGetsFromCaliforniumTcpServer() {
        Exchange answer = template.request("rmpcoap:coap+tcp://127.0.0.1:" + serverPort(tcpServer) + "/echo?method=GET", e -> {
        });
        assertNull(answer.getException());
        assertEquals("2.05", answer.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
        assertEquals("hello over TCP", answer.getMessage().getBody(String.class));
    }

    @Test
    void producerWithTrustStoreGetsFromCaliforniumTlsServer() {
        Exchange answer = template.request("rmpcoap:coaps+tcp://127.0.0.1:" + serverPort(tlsServer) + "/echo?method=GET&"
                                           + trustStoreOptions(),
                e -> {
                });
        assertNull(answer.getException());
        assertEquals("hello over TLS", answer.getMessage().getBody(String.class));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "coap+tcp", "coaps+tcp" })
    void producerPutsAHundredKibInOneMessageAndGetsThemBack(String scheme) {
        CoapServer server = scheme.equals("coap+tcp") ? tcpServer : tlsServer;
        byte[] body = pattern(HUNDRED_KIB);
        int before = received.get();
        Exchange answer = template.request("rmpcoap:" + scheme + "://127.0.0.1:" + serverPort(server) + "/echo?method=PUT"
                                           + (scheme.equals("coaps+tcp") ? "&" + trustStoreOptions() : ""),
                e -> e.getMessage().setBody(body));
        assertNull(answer.getException());
        assertEquals("2.04", answer.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
        assertArrayEquals(body, answer.getMessage().getBody(byte[].class));
        assertEquals(before + 1, received.get(), "one request message, not block-wise parts");
    }

    @Test
    void producerRefusesTlsServerWhoseCertificateNoTrustedCaSigned() {
        Exchange answer = template.request("rmpcoap:coaps+tcp://127.0.0.1:" + serverPort(rogueTlsServer) + "/echo?method=GET"
                                           + "&timeout=10000&" + trustStoreOptions(),
                e -> {
                });
        assertInstanceOf(RmpCoapException.class, answer.getException());
        assertFalse(answer.getException() instanceof RmpCoapTimeoutException, "fails on the handshake, not by timeout");
        assertTrue(answer.getException().getMessage().startsWith("Could not send the request to coaps+tcp://127.0.0.1:"),
                answer.getException().getMessage());
        assertNull(answer.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
    }

    @Test
    void producerRefusesTlsServerWhoseTrustedCertificateNamesAnotherHost() {
        Exchange answer = template.request("rmpcoap:coaps+tcp://127.0.0.1:" + serverPort(otherHostTlsServer)
                                           + "/echo?method=GET&timeout=10000&" + trustStoreOptions(),
                e -> {
                });
        assertInstanceOf(RmpCoapException.class, answer.getException());
        assertFalse(answer.getException() instanceof RmpCoapTimeoutException, "fails on the subject, not by timeout");
        assertTrue(answer.getException().getMessage().contains("Literal IP 127.0.0.1 doesn't match"),
                answer.getException().getMessage());
    }

    @Test
    void producerWithoutTrustedRootsIsRefusedWhenItStartsInsteadOfTrustingTheJvmDefaults() throws Exception {
        // a key store alone passes endpoint creation (a consumer needs no more), but a producer has nothing to verify with
        org.apache.camel.Producer producer = context.getEndpoint("rmpcoap:coaps+tcp://127.0.0.1:" + serverPort(tlsServer)
                                                                 + "/echo?keyStore=" + pki.client().keyStoreUri()
                                                                 + "&keyStorePassword=" + PASSWORD)
                .createProducer();
        Exception e = assertThrows(Exception.class, producer::start);
        assertTrue(rootMessage(e).startsWith("coaps+tcp needs the trusted CA roots"), rootMessage(e));
    }

    @Test
    void headerMessageTypeNonFailsTheExchangeOverTcpNamingTheHeader() {
        Exchange answer = template.request("rmpcoap:coap+tcp://127.0.0.1:" + serverPort(tcpServer) + "/echo?method=GET",
                e -> e.getMessage().setHeader(RmpCoapConstants.MESSAGE_TYPE, "NON"));
        assertInstanceOf(IllegalArgumentException.class, answer.getException());
        assertTrue(answer.getException().getMessage().contains(RmpCoapConstants.MESSAGE_TYPE),
                answer.getException().getMessage());
    }

    // ---- Californium client -> consumer ----

    @Test
    void californiumTcpClientPostsToTheConsumer() throws Exception {
        try (TestDevice device = TestDevice.tcp()) {
            CoapResponse response = device.send(post("echo", "hi".getBytes(StandardCharsets.UTF_8)), port(context, "tcp"));
            assertNotNull(response, "no answer");
            assertEquals(ResponseCode.CHANGED, response.getCode());
            assertEquals("hi", response.getResponseText());
        }
    }

    @Test
    void californiumTlsClientTrustingTheCaPostsToTheConsumer() throws Exception {
        try (TestDevice device = TestDevice.tls(TestPki.sslContext(null, pki.ca()))) {
            CoapResponse response = device.send(post("echo", "hi".getBytes(StandardCharsets.UTF_8)), port(context, "tls"));
            assertNotNull(response, "no answer");
            assertEquals("hi", response.getResponseText());
        }
    }

    @Test
    void clientCertificateSubjectReachesTheRouteWhenClientAuthenticationIsNeeded() throws Exception {
        try (TestDevice device = TestDevice.tls(TestPki.sslContext(pki.client(), pki.ca()))) {
            CoapResponse response = device.send(new Request(CoAP.Code.GET) {
                {
                    getOptions().setUriPath("mutual");
                }
            }, port(context, "mutual"));
            assertNotNull(response, "no answer");
            assertEquals(pki.client().subject(), response.getResponseText());
        }
    }

    @Test
    void tlsClientWithoutCertificateGetsNoAnswerWhenClientAuthenticationIsNeeded() throws Exception {
        try (TestDevice device = TestDevice.tls(TestPki.sslContext(null, pki.ca()))) {
            Request request = new Request(CoAP.Code.GET);
            request.getOptions().setUriPath("mutual");
            // over TLS 1.3 the client's handshake completes before the server checks for its certificate: the request
            // leaves, and the server ends the connection without reading it
            CoapResponse response = device.send(request, port(context, "mutual"), 3000);
            assertNull(response, "answered without a client certificate");
            assertEquals(0, getMockEndpoint("mock:mutual").getReceivedCounter());
        }
    }

    @Test
    void tlsClientTrustingAnotherCaGetsNoAnswer() throws Exception {
        try (TestDevice device = TestDevice.tls(TestPki.sslContext(null, pki.rogueCa()))) {
            Request request = post("echo", "hi".getBytes(StandardCharsets.UTF_8));
            assertNull(device.send(request, port(context, "tls"), 3000));
            assertNotNull(request.getSendError(), "the handshake must fail");
        }
    }

    /** Californium's client sends the body block-wise (BERT); the consumer answers with it in one message. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "tcp", "tls" })
    void californiumClientPostsAHundredKibAndGetsThemBack(String route) throws Exception {
        byte[] body = pattern(HUNDRED_KIB);
        try (TestDevice device = route.equals("tcp") ? TestDevice.tcp() : TestDevice.tls(TestPki.sslContext(null, pki.ca()))) {
            CoapResponse response = device.send(post("echo", body), port(context, route));
            assertNotNull(response, "no answer");
            assertEquals(ResponseCode.CHANGED, response.getCode());
            assertArrayEquals(body, response.getPayload());
        }
    }

    private static Request post(String path, byte[] payload) {
        Request request = new Request(CoAP.Code.POST);
        request.getOptions().setUriPath(path);
        request.setPayload(payload);
        return request;
    }

    // ---- the consumer's connections ----

    @Test
    void consumerOpensEachConnectionWithACsmAnnouncingItsMessageSizeLimit() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port(context, "tcp"))) {
            socket.setSoTimeout(5000);
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int first = in.readUnsignedByte();
            assertEquals(0, first & 0x0F, "no token");
            assertEquals(0xE1, in.readUnsignedByte(), "signal 7.01, Capabilities and Settings");
            int option = in.readUnsignedByte();
            assertEquals(2, option >>> 4, "option 2, Max-Message-Size");
            byte[] value = in.readNBytes(option & 0x0F);
            assertEquals((first >>> 4) - 1, value.length);
            long size = 0;
            for (byte b : value) {
                size = size << 8 | (b & 0xFF);
            }
            assertEquals(new RmpCoapConfiguration().getMaxPayloadSize() + TcpConnectors.MESSAGE_OVERHEAD, size);
        }
    }

    @Test
    void consumerAnswersAPingWithAPongAndTakesThePeersCsmQuietly() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port(context, "tcp"))) {
            socket.setSoTimeout(5000);
            InputStream in = socket.getInputStream();
            OutputStream out = socket.getOutputStream();
            assertEquals((byte) 0xE1, ClosingPeer.readFrame(in)[1], "the consumer's CSM");
            // the peer's own CSM (Max-Message-Size 1152), then a Ping with token AB CD
            out.write(new byte[] { 0x30, (byte) 0xE1, 0x22, 0x04, (byte) 0x80, 0x02, (byte) 0xE2, (byte) 0xAB, (byte) 0xCD });
            out.flush();
            assertArrayEquals(new byte[] { 0x02, (byte) 0xE3, (byte) 0xAB, (byte) 0xCD }, ClosingPeer.readFrame(in),
                    "a Pong with the Ping's token");

            Request request = post("echo", "after the signals".getBytes(StandardCharsets.UTF_8));
            request.setToken(new byte[] { 7 });
            out.write(new TcpDataSerializer().getByteArray(request));
            out.flush();
            Message answer = new TcpDataParser().parseMessage(ClosingPeer.readFrame(in));
            assertInstanceOf(Response.class, answer);
            assertEquals("after the signals", answer.getPayloadString());
        }
    }

    @Test
    void consumerClosesAConnectionThatAnnouncesAMessageLargerThanItsLimit() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port(context, "tcp"))) {
            socket.setSoTimeout(5000);
            // Len 15: a 4-byte extended length of 1 GiB follows, then the code (POST)
            socket.getOutputStream().write(new byte[] { (byte) 0xF0, 0x40, 0, 0, 0, 0x02 });
            socket.getOutputStream().flush();
            // the CSM, then the end of the stream; a timeout here would mean the connection stays open
            byte[] rest = socket.getInputStream().readAllBytes();
            assertEquals((byte) 0xE1, rest[1], "the CSM came first");
        }
        // only that connection: the server goes on serving others
        try (TestDevice device = TestDevice.tcp()) {
            CoapResponse response = device.send(post("echo", "still here".getBytes(StandardCharsets.UTF_8)),
                    port(context, "tcp"));
            assertNotNull(response, "no answer after the oversized message");
            assertEquals("still here", response.getResponseText());
        }
    }

    // ---- a peer that closes the connection mid-request ----

    @Test
    void aPeerClosingTheConnectionMidRequestFailsTheExchangeAndTheNextRequestReconnects() throws Exception {
        try (ClosingPeer peer = new ClosingPeer()) {
            String uri = "rmpcoap:coap+tcp://127.0.0.1:" + peer.port() + "/valve?method=GET&timeout=20000";
            Exchange first = template.request(uri, e -> {
            });
            assertInstanceOf(RmpCoapException.class, first.getException());
            assertFalse(first.getException() instanceof RmpCoapTimeoutException, "fails when the connection ends");
            assertEquals("The connection to coap+tcp://127.0.0.1:" + peer.port() + "/valve closed before the answer",
                    first.getException().getMessage());

            Exchange second = template.request(uri, e -> {
            });
            assertNull(second.getException());
            assertEquals("after reconnect", second.getMessage().getBody(String.class));
            assertEquals(2, peer.connections.get(), "the second request came over a new connection");
        }
    }

    /**
     * A CoAP over TCP peer on a plain socket: it reads the first connection's request and closes that connection
     * without an answer; on the next connection it answers every request 2.05 "after reconnect".
     */
    private static final class ClosingPeer implements AutoCloseable {

        private final ServerSocket listener = new ServerSocket(0, 5, InetAddress.getLoopbackAddress());
        private final AtomicInteger connections = new AtomicInteger();
        private final Thread thread = new Thread(this::serve, "closing-peer");

        ClosingPeer() throws IOException {
            listener.setSoTimeout(20_000);
            thread.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void serve() {
            try {
                try (Socket first = listener.accept()) {
                    connections.incrementAndGet();
                    first.setSoTimeout(20_000);
                    nextRequest(first.getInputStream());
                }
                try (Socket second = listener.accept()) {
                    connections.incrementAndGet();
                    second.setSoTimeout(20_000);
                    InputStream in = second.getInputStream();
                    OutputStream out = second.getOutputStream();
                    for (int i = 0; i < 10; i++) {
                        Request request = nextRequest(in);
                        if (request == null) {
                            return;
                        }
                        Response response = new Response(ResponseCode.CONTENT);
                        response.setToken(request.getToken());
                        response.setPayload("after reconnect");
                        out.write(new TcpDataSerializer().getByteArray(response));
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // the test ended or the client went away
            }
        }

        /** The next request on the connection, skipping signals (the client's CSM); null at its end. */
        private static Request nextRequest(InputStream in) throws IOException {
            for (int i = 0; i < 10; i++) {
                byte[] frame = readFrame(in);
                if (frame == null) {
                    return null;
                }
                int tokenLength = frame[0] & 0x0F;
                int length = frame[0] >>> 4 & 0x0F;
                int code = frame[1 + (length == 13 ? 1 : length == 14 ? 2 : length == 15 ? 4 : 0)] & 0xFF;
                if (code >>> 5 == 7 || tokenLength > 8) {
                    continue;
                }
                Message message = new TcpDataParser().parseMessage(frame);
                if (message instanceof Request request) {
                    return request;
                }
            }
            return null;
        }

        /** One RFC 8323 frame: Len/TKL, extended length, code, token, options and payload; null at the end. */
        private static byte[] readFrame(InputStream in) throws IOException {
            int first = in.read();
            if (first < 0) {
                return null;
            }
            int length = first >>> 4;
            int extended = length == 13 ? 1 : length == 14 ? 2 : length == 15 ? 4 : 0;
            byte[] lengthBytes = in.readNBytes(extended);
            long body = length;
            if (extended > 0) {
                long value = 0;
                for (byte b : lengthBytes) {
                    value = value << 8 | (b & 0xFF);
                }
                body = value + (extended == 1 ? 13 : extended == 2 ? 269 : 65805);
            }
            byte[] rest = in.readNBytes(1 + (first & 0x0F) + (int) body);
            byte[] frame = new byte[1 + extended + rest.length];
            frame[0] = (byte) first;
            System.arraycopy(lengthBytes, 0, frame, 1, extended);
            System.arraycopy(rest, 0, frame, 1 + extended, rest.length);
            return frame;
        }

        @Override
        public void close() throws Exception {
            listener.close();
            thread.join(5000);
        }
    }

    @Test
    void restDslServesItsOperationsOverCoapsTcp() throws Exception {
        int port = FreePorts.udpAndTcp();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                restConfiguration().component("rmpcoap").scheme("coaps+tcp").host("127.0.0.1").port(port)
                        .endpointProperty("keyStore", pki.server().keyStoreUri())
                        .endpointProperty("keyStorePassword", PASSWORD);
                rest("/devices").get("/{id}/state").to("direct:state");
                from("direct:state").setBody(simple("${header.id} over TLS"));
            }
        });
        Request request = new Request(CoAP.Code.GET);
        request.getOptions().setUriPath("devices/d7/state");
        try (TestDevice device = TestDevice.tls(TestPki.sslContext(null, pki.ca()))) {
            CoapResponse response = device.send(request, port);
            assertNotNull(response, "no answer");
            assertEquals("d7 over TLS", response.getResponseText());
        }
    }

    // ---- shared ports ----

    @Test
    void aTcpAndAUdpConsumerShareOnePortNumber() throws Exception {
        int port = FreePorts.udpAndTcp();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:" + port + "/where").routeId("udp-side").setBody(constant("udp"));
                from("rmpcoap:coap+tcp://127.0.0.1:" + port + "/where").routeId("tcp-side").setBody(constant("tcp"));
            }
        });
        Request overUdp = new Request(CoAP.Code.GET);
        overUdp.getOptions().setUriPath("where");
        Request overTcp = new Request(CoAP.Code.GET);
        overTcp.getOptions().setUriPath("where");
        try (TestDevice udp = TestDevice.plain(); TestDevice tcp = TestDevice.tcp()) {
            assertEquals("udp", udp.send(overUdp, port).getResponseText());
            assertEquals("tcp", tcp.send(overTcp, port).getResponseText());
        }
    }

    @Test
    void coapTcpAndCoapsTcpOnOnePortAreRefusedNamingBoth() throws Exception {
        int port = FreePorts.udpAndTcp();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap+tcp://127.0.0.1:" + port + "/a").routeId("plain-side").setBody(constant("a"));
            }
        });
        Exception e = assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coaps+tcp://127.0.0.1:" + port + "/b?" + keyStoreOptions()).routeId("tls-side")
                        .setBody(constant("b"));
            }
        }));
        String message = rootMessage(e);
        assertTrue(message.contains("cannot listen on TCP port " + port) && message.contains("coap+tcp and coaps+tcp"),
                message);
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage();
    }

    // ---- options refused at endpoint creation ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "pskIdentity=device-7&pskKey=secret-key-7|pskIdentity",
            "pskKey=secret-key-7|pskKey",
            "pskPassword=secret-password-7|pskPassword",
            "pskStoreFile=classpath:psk-store.properties|pskStoreFile",
            "pskStore=#pskStore|pskStore",
            "advancedPskStore=#advancedPskStore|advancedPskStore" })
    void pskOptionsAreRefusedOnCoapsTcpNamingTheOptionNotItsValue(String options, String option) {
        context.getRegistry().bind("pskStore", new InMemoryPskStore());
        context.getRegistry().bind("advancedPskStore", new AdvancedMultiPskStore());
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coaps+tcp://127.0.0.1:5999/x?" + options + "&" + trustStoreOptions()));
        assertTrue(e.getMessage().contains(option + " is not supported on coaps+tcp: Californium's TLS connector has no PSK"),
                e.getMessage());
        assertFalse(e.getMessage().contains("secret-"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "coap+tcp|messageType=NON|messageType=NON",
            "coap+tcp|method=PING|method=PING",
            "coap+tcp|localAddress=127.0.0.1|localAddress",
            "coap+tcp|observable=true&notificationType=NON|notificationType=NON",
            "coaps+tcp|connectionIdLength=6|connectionIdLength",
            "coaps+tcp|sessionStoreFile=target/sessions.bin&sessionStorePassword=secret-store-7|sessionStoreFile",
            "coaps+tcp|cipherSuites=TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8|cipherSuites",
            "coaps+tcp|trustAllRawPublicKeys=true|trustAllRawPublicKeys",
            "coaps+tcp|advancedCertificateVerifier=#verifier|advancedCertificateVerifier" })
    void udpOnlyOptionsAreRefusedOnTcpNamingTheOption(String scheme, String options, String option) {
        context.getRegistry().bind("verifier", StaticNewAdvancedCertificateVerifier.builder().setTrustAllRPKs().build());
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:" + scheme + "://127.0.0.1:5999/x?" + options + "&" + trustStoreOptions()));
        assertTrue(e.getMessage().contains(option + " is not supported on " + scheme + ": "), e.getMessage());
        assertFalse(e.getMessage().contains("secret-"), e.getMessage());
    }

    @Test
    void coapsTcpWithoutCertificatesIsRefused() {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coaps+tcp://127.0.0.1:5999/x"));
        assertTrue(e.getMessage().contains("coaps+tcp needs certificates"), e.getMessage());
    }

    @Test
    void tcpSchemesDefaultToTheCoapPorts() {
        assertEquals("coap+tcp://device.example:5683/x",
                ((RmpCoapEndpoint) context.getEndpoint("rmpcoap:coap+tcp://device.example/x")).getServiceUrl());
        assertEquals("coaps+tcp://device.example:5684/x",
                ((RmpCoapEndpoint) context.getEndpoint("rmpcoap:coaps+tcp://device.example/x?" + trustStoreOptions()))
                        .getServiceUrl());
    }
}
