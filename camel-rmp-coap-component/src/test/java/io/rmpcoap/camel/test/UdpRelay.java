package io.rmpcoap.camel.test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A NAT in miniature between one device and a server on 127.0.0.1: the device sends to {@link #port()}, the relay
 * forwards from its own "public" port to the server and back. {@link #rebind()} moves it to a new public port, as a
 * router does when its mapping expires; datagrams the server still sends to the old port are lost. It counts the
 * DTLS ClientHellos the device sends (new handshakes).
 */
public final class UdpRelay implements AutoCloseable {

    private final DatagramSocket front;
    private volatile InetSocketAddress server;
    private final AtomicInteger clientHellos = new AtomicInteger();
    private final AtomicInteger fromDevice = new AtomicInteger();
    private volatile DatagramSocket back;
    private volatile SocketAddress device;
    private final Thread frontThread;

    public UdpRelay(int serverPort) throws IOException {
        this(new InetSocketAddress(InetAddress.getLoopbackAddress(), serverPort));
    }

    /** A relay to a server at any loopback address (e.g. 127.0.0.2). */
    public UdpRelay(InetSocketAddress server) throws IOException {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        this.server = server;
        front = new DatagramSocket(new InetSocketAddress(loopback, 0));
        back = openBack();
        frontThread = new Thread(this::fromDevice, "relay-front-" + front.getLocalPort());
        frontThread.setDaemon(true);
        frontThread.start();
    }

    /** Where the device sends to. */
    public int port() {
        return front.getLocalPort();
    }

    /** The port the server currently sees the device at. */
    public int publicPort() {
        return back.getLocalPort();
    }

    /** How many DTLS ClientHello messages the device has sent so far. */
    public int clientHellos() {
        return clientHellos.get();
    }

    /** How many datagrams the device has sent so far (retransmissions included). */
    public int datagramsFromDevice() {
        return fromDevice.get();
    }

    /** A NAT rebinding: from now on the device's datagrams reach the server from a new port. */
    public synchronized void rebind() throws IOException {
        DatagramSocket old = back;
        back = openBack();
        old.close();
    }

    /**
     * What a plain UDP load balancer does when it moves a device: from now on its datagrams go to another server, from
     * the same address and port as before.
     */
    public void retarget(InetSocketAddress newServer) {
        server = newServer;
    }

    private DatagramSocket openBack() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        Thread thread = new Thread(() -> fromServer(socket), "relay-back-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
        return socket;
    }

    private void fromDevice() {
        byte[] buffer = new byte[65536];
        while (!front.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                front.receive(packet);
                device = packet.getSocketAddress();
                fromDevice.incrementAndGet();
                if (isClientHello(packet)) {
                    clientHellos.incrementAndGet();
                }
                back.send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(), server));
            } catch (IOException e) {
                // closed, or a send raced with rebind(): a lost datagram, as on a real NAT
            }
        }
    }

    private void fromServer(DatagramSocket socket) {
        byte[] buffer = new byte[65536];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                SocketAddress to = device;
                if (to != null) {
                    front.send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(), to));
                }
            } catch (IOException e) {
                // closed by rebind() or close()
            }
        }
    }

    /** A plaintext DTLS handshake record (content type 22, epoch 0) carrying a ClientHello (type 1). */
    private static boolean isClientHello(DatagramPacket packet) {
        byte[] data = packet.getData();
        int at = packet.getOffset();
        return packet.getLength() > 13 && data[at] == 22 && data[at + 3] == 0 && data[at + 4] == 0 && data[at + 13] == 1;
    }

    @Override
    public void close() {
        front.close();
        back.close();
    }
}
