package io.rmpcoap.camel.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;

/** Free UDP ports on 127.0.0.1 for peers that cannot bind port 0 themselves (libcoap). Never 5683/5684. */
public final class FreePorts {

    private FreePorts() {
    }

    /** A UDP port that was free a moment ago. */
    public static int udp() {
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            return socket.getLocalPort();
        } catch (SocketException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A port p such that p and p + 1 are free: libcoap's coap-server listens for DTLS on its port + 1. */
    public static int udpPair() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = udp();
            if (port < 65535 && isFree(port) && isFree(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("No two adjacent free UDP ports found");
    }

    /** Whether nothing is bound to the UDP port on 127.0.0.1. */
    public static boolean isFree(int port) {
        try (DatagramSocket socket = new DatagramSocket(null)) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
