package io.rmpcoap.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

import io.rmpcoap.bench.LoadEngine.Status;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.EmptyMessage;
import org.eclipse.californium.core.coap.Message;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.coap.Token;
import org.eclipse.californium.core.network.serialization.UdpDataParser;
import org.eclipse.californium.core.network.serialization.UdpDataSerializer;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.elements.util.NamedThreadFactory;
import org.eclipse.californium.scandium.DTLSConnector;

/**
 * The inbound load generator: many client sockets (each its own source port and, over DTLS, its own session) carrying
 * Confirmable POST (small JSON) or GET requests to the target; slot i uses socket i mod n.
 * <p>
 * The load generator shares the two cores with the target, so it is built to cost little per request. It uses
 * Californium's message classes, serializer and parser, but no {@code CoapEndpoint}: a client endpoint's exchange
 * store, retransmission timers and protocol thread, and a connector's sender and receiver thread per socket, cost about
 * as much per request as a target does. Plain UDP runs all sockets on one selector thread, sending from the thread that
 * completed the previous request; DTLS needs Scandium's {@link DTLSConnector}, one per session, sharing one executor.
 * Over loopback nothing needs retransmitting, so an unanswered request is simply a timeout. Answers are matched by
 * token (unique per request); a separate (Confirmable) response is acknowledged as any client would.
 */
public final class CoapLoadDriver extends AsyncDriver implements AutoCloseable {

    /** How a request names its HTTP target. */
    public enum Addressing {
        /** Proxy-Uri http://127.0.0.1:ECHO/echo?key=TOKEN (a forward proxy). */
        PROXY_URI,
        /** Uri-Path echo, Uri-Query key=TOKEN (a route bound to a fixed backend). */
        URI_PATH
    }

    /** One source port towards the target. */
    private interface Link {
        void send(byte[] datagram);
    }

    private final List<Link> links = new ArrayList<>();
    private final List<AtomicInteger> messageIds = new ArrayList<>();
    private final Map<Token, Completion> pending = new ConcurrentHashMap<>();
    private final AtomicLong tokens = new AtomicLong();
    private final UdpDataSerializer serializer = new UdpDataSerializer();
    private final UdpDataParser parser = new UdpDataParser();
    private final AddressEndpointContext target;
    /** Where each link sends its datagrams: the target, or a NAT in front of it. */
    private final IntFunction<InetSocketAddress> route;
    private final Addressing addressing;
    private final String proxyUri;
    private final AutoCloseable transport;
    private volatile CoAP.Code method = CoAP.Code.POST;

    public CoapLoadDriver(InetSocketAddress target, boolean dtls, int linkCount, Addressing addressing, String echoBase)
            throws Exception {
        this(target, dtls, linkCount, addressing, echoBase, i -> target);
    }

    /** As above, link i sending to {@code route.apply(i)} (e.g. a {@link SwitchingNat} in front of the target). */
    public CoapLoadDriver(InetSocketAddress target, boolean dtls, int linkCount, Addressing addressing, String echoBase,
                          IntFunction<InetSocketAddress> route) throws Exception {
        this.target = new AddressEndpointContext(target);
        this.route = route;
        this.addressing = addressing;
        this.proxyUri = echoBase + "echo?key=" + BenchConfig.TOKEN;
        this.transport = dtls ? new DtlsLinks(linkCount) : new UdpLinks(linkCount);
        for (int i = 0; i < linkCount; i++) {
            messageIds.add(new AtomicInteger(i * 1000));
        }
    }

    /** POST or GET; null sends both alternately (the warm-up, so that the JIT compiles both paths). */
    public void setMethod(CoAP.Code method) {
        this.method = method;
    }

    @Override
    protected void send(int slot, Completion completion) {
        CoAP.Code code = method != null ? method : slot % 2 == 0 ? CoAP.Code.POST : CoAP.Code.GET;
        Request request = new Request(code, CoAP.Type.CON);
        request.setDestinationContext(target);
        if (addressing == Addressing.PROXY_URI) {
            request.getOptions().setProxyUri(proxyUri);
        } else {
            request.getOptions().setUriPath("echo");
            request.getOptions().setUriQuery("key=" + BenchConfig.TOKEN);
        }
        if (code == CoAP.Code.POST) {
            request.setPayload(BenchConfig.BODY);
            request.getOptions().setContentFormat(BenchConfig.JSON);
        }
        int index = slot % links.size();
        request.setMID(messageIds.get(index).getAndIncrement() & 0xFFFF);
        Token token = Token.fromProvider(ByteBuffer.allocate(Long.BYTES).putLong(tokens.incrementAndGet()).array());
        request.setToken(token);
        pending.put(token, completion);
        completion.onTimeout(() -> pending.remove(token));
        links.get(index).send(serializer.getByteArray(request));
    }

    private void receive(Link link, byte[] datagram) {
        Message message;
        try {
            message = parser.parseMessage(datagram);
        } catch (RuntimeException e) {
            return; // not CoAP: whatever it answered, the request counts as a timeout
        }
        if (message.getType() == CoAP.Type.CON) {
            EmptyMessage ack = EmptyMessage.newACK(message, target);
            // an empty message has the empty token; without it the serializer fails, which ended the read loop the
            // first time a target answered with a separate response (a target slower than its separate-response delay
            // then looked stalled)
            ack.setToken(Token.EMPTY);
            link.send(serializer.getByteArray(ack));
        }
        if (message instanceof Response response) {
            Completion completion = pending.remove(response.getToken());
            if (completion != null) {
                completion.complete(response.isSuccess() ? Status.OK : Status.ERROR);
            }
        }
    }

    @Override
    public void close() {
        super.close();
        try {
            transport.close();
        } catch (Exception ignored) {
            // the benchmark ends anyway
        }
    }

    /** Plain UDP: non-blocking datagram channels, connected to the target, read by one selector thread. */
    private final class UdpLinks implements AutoCloseable {
        private final Selector selector = Selector.open();

        UdpLinks(int count) throws IOException {
            for (int i = 0; i < count; i++) {
                InetSocketAddress peer = route.apply(i);
                DatagramChannel channel = DatagramChannel.open();
                channel.setOption(StandardSocketOptions.SO_RCVBUF, 1 << 20);
                channel.bind(new InetSocketAddress("127.0.0.1", 0));
                channel.connect(peer);
                channel.configureBlocking(false);
                Link link = datagram -> {
                    try {
                        channel.write(ByteBuffer.wrap(datagram));
                    } catch (IOException e) {
                        // lost like a dropped datagram: the request times out
                    }
                };
                channel.register(selector, SelectionKey.OP_READ, link);
                links.add(link);
            }
            Thread loop = new Thread(this::readLoop, "load-udp");
            loop.setDaemon(true);
            loop.start();
        }

        private void readLoop() {
            ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
            try {
                while (selector.isOpen()) {
                    selector.select();
                    for (SelectionKey key : selector.selectedKeys()) {
                        DatagramChannel channel = (DatagramChannel) key.channel();
                        while (channel.read(buffer.clear()) > 0) {
                            byte[] datagram = new byte[buffer.flip().remaining()];
                            buffer.get(datagram);
                            receive((Link) key.attachment(), datagram);
                        }
                    }
                    selector.selectedKeys().clear();
                }
            } catch (Exception e) {
                // closed: the driver stops
                if (selector.isOpen()) {
                    e.printStackTrace();
                }
            }
        }

        @Override
        public void close() throws IOException {
            for (SelectionKey key : selector.keys()) {
                key.channel().close();
            }
            selector.close();
        }
    }

    /** DTLS PSK: one Scandium client connector per session, all on one shared executor. */
    private final class DtlsLinks implements AutoCloseable {
        private final List<DTLSConnector> connectors = new ArrayList<>();
        private final ScheduledExecutorService executor =
                ExecutorsUtil.newScheduledThreadPool(2, new NamedThreadFactory("load-dtls#"));

        DtlsLinks(int count) throws IOException {
            Configuration config = BenchConfig.lightClient();
            for (int i = 0; i < count; i++) {
                DTLSConnector connector = BenchConfig.dtlsClient(config, new InetSocketAddress("127.0.0.1", 0));
                connector.setExecutor(executor);
                AddressEndpointContext peer = new AddressEndpointContext(route.apply(i));
                Link link = datagram -> connector.send(RawData.outbound(datagram, peer, null, false));
                connector.setRawDataReceiver(raw -> receive(link, raw.getBytes()));
                connector.start();
                connectors.add(connector);
                links.add(link);
            }
        }

        @Override
        public void close() {
            connectors.forEach(DTLSConnector::destroy);
            executor.shutdownNow();
        }
    }
}
