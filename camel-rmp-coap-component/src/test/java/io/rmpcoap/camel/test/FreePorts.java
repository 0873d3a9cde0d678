package io.rmpcoap.camel.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketException;

/** Free UDP and TCP ports on 127.0.0.1 for peers that cannot bind port 0 themselves (libcoap). Never 5683/5684. */
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

    /**
     * A port p such that p and p + 1 are free for UDP and TCP: libcoap's coap-server listens for DTLS and TLS on its
     * port + 1, and for UDP and TCP on both.
     */
    public static int udpPair() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = udp();
            if (port < 65535 && isFree(port) && isFree(port + 1) && isFreeTcp(port) && isFreeTcp(port + 1)) {
                return port;
            }
        }
        throw new IllegalStateException("No two adjacent free UDP ports found");
    }

    /** A port free for both UDP and TCP a moment ago, for a UDP and a TCP server on the same port number. */
    public static int udpAndTcp() {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = udp();
            if (isFreeTcp(port)) {
                return port;
            }
        }
        throw new IllegalStateException("No port free for UDP and TCP found");
    }

    /** Whether nothing is bound to the TCP port on 127.0.0.1. */
    public static boolean isFreeTcp(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            return true;
        } catch (IOException e) {
            return false;
        }
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
