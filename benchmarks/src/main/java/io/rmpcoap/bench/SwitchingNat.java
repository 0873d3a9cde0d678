package io.rmpcoap.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Small NATs in front of one target, all on one selector thread: load link i sends to {@link #front(int)} and its
 * datagrams leave from its current "public" port; {@link #switchPort(int)} gives it a new one, as a home router does
 * when its mapping expires, so a balancer sees a new client. The old port keeps delivering answers for a moment (the
 * load clients do not retransmit, so a request in flight would otherwise count as a timeout). Counts each link's DTLS
 * ClientHellos (new handshakes).
 */
final class SwitchingNat implements AutoCloseable {

    private static final long OLD_PORT_NANOS = 2_000_000_000L;

    private final class Mapping {
        final DatagramChannel front;
        final AtomicInteger clientHellos = new AtomicInteger();
        volatile DatagramChannel back;
        volatile SocketAddress device;

        Mapping() throws IOException {
            front = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            front.configureBlocking(false);
            front.register(selector, SelectionKey.OP_READ, this);
            back = openBack();
        }

        DatagramChannel openBack() throws IOException {
            DatagramChannel channel = DatagramChannel.open().bind(new InetSocketAddress("127.0.0.1", 0));
            channel.connect(target);
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_READ, this);
            return channel;
        }
    }

    private record Retired(DatagramChannel channel, long closeAt) {
    }

    private final InetSocketAddress target;
    private final Selector selector = Selector.open();
    private final List<Mapping> mappings = new ArrayList<>();
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final List<Retired> retired = new ArrayList<>();
    private final AtomicInteger switches = new AtomicInteger();
    private final Thread loop;

    SwitchingNat(InetSocketAddress target, int count) throws IOException {
        this.target = target;
        for (int i = 0; i < count; i++) {
            mappings.add(new Mapping());
        }
        loop = new Thread(this::run, "switching-nat");
        loop.setDaemon(true);
        loop.start();
    }

    /** Where link i sends to. */
    InetSocketAddress front(int i) {
        try {
            return (InetSocketAddress) mappings.get(i).front.getLocalAddress();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    int size() {
        return mappings.size();
    }

    /** From now on link i's datagrams leave from a new port. */
    void switchPort(int i) {
        tasks.add(() -> {
            Mapping mapping = mappings.get(i);
            try {
                DatagramChannel old = mapping.back;
                mapping.back = mapping.openBack();
                retired.add(new Retired(old, System.nanoTime() + OLD_PORT_NANOS));
                switches.incrementAndGet();
            } catch (IOException e) {
                // keeps the old port
            }
        });
        selector.wakeup();
    }

    int switches() {
        return switches.get();
    }

    /** ClientHellos all links have sent so far. */
    int clientHellos() {
        return mappings.stream().mapToInt(m -> m.clientHellos.get()).sum();
    }

    private void run() {
        ByteBuffer buffer = ByteBuffer.allocateDirect(65536);
        try {
            while (selector.isOpen()) {
                selector.select(200);
                for (Runnable task; (task = tasks.poll()) != null;) {
                    task.run();
                }
                long now = System.nanoTime();
                for (Iterator<Retired> it = retired.iterator(); it.hasNext();) {
                    Retired old = it.next();
                    if (now - old.closeAt() >= 0) {
                        old.channel().close();
                        it.remove();
                    }
                }
                for (SelectionKey key : selector.selectedKeys()) {
                    Mapping mapping = (Mapping) key.attachment();
                    DatagramChannel channel = (DatagramChannel) key.channel();
                    if (channel == mapping.front) {
                        SocketAddress from;
                        while ((from = channel.receive(buffer.clear())) != null) {
                            mapping.device = from;
                            buffer.flip();
                            if (isClientHello(buffer)) {
                                mapping.clientHellos.incrementAndGet();
                            }
                            write(mapping.back, buffer);
                        }
                    } else {
                        while (read(channel, buffer.clear()) > 0) {
                            SocketAddress device = mapping.device;
                            if (device != null) {
                                mapping.front.send(buffer.flip(), device);
                            }
                        }
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | RuntimeException e) {
            // closed
        }
    }

    private static void write(DatagramChannel channel, ByteBuffer datagram) {
        try {
            channel.write(datagram);
        } catch (IOException e) {
            // lost, as on a real NAT
        }
    }

    private static int read(DatagramChannel channel, ByteBuffer buffer) {
        try {
            return channel.read(buffer);
        } catch (IOException e) {
            return -1; // e.g. port unreachable
        }
    }

    /** A plaintext DTLS handshake record (content type 22, epoch 0) carrying a ClientHello (type 1). */
    private static boolean isClientHello(ByteBuffer datagram) {
        int at = datagram.position();
        return datagram.remaining() > 13 && datagram.get(at) == 22 && datagram.get(at + 3) == 0 && datagram.get(at + 4) == 0
               && datagram.get(at + 13) == 1;
    }

    @Override
    public void close() throws IOException {
        for (SelectionKey key : selector.keys()) {
            key.channel().close();
        }
        selector.close();
    }
}
