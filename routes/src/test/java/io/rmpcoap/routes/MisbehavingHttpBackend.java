package io.rmpcoap.routes;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An HTTP "API" on a raw 127.0.0.1 socket that misbehaves the way a real server or network can: it resets the
 * connection, closes it mid-answer, declares a huge body, or sends a body without end. It counts the requests it
 * accepted and the body bytes it managed to send, and whether the client closed the connection on it.
 */
final class MisbehavingHttpBackend implements AutoCloseable {

    enum Behaviour {
        /** Reads the request and resets the connection (RST) without a byte of answer. */
        RESET,
        /** Reads the request and closes the connection without a byte of answer. */
        CLOSE_WITHOUT_ANSWER,
        /** Sends the status line, headers declaring 100 bytes and 10 of them, then closes. */
        CLOSE_MID_ANSWER,
        /** Declares a 1 GiB body and sends none of it, keeping the connection open. */
        HUGE_DECLARED_LENGTH,
        /** Sends a chunked body without end (bounded at 1 GiB) until the client closes the connection. */
        ENDLESS
    }

    /** Stops an endless answer even if nobody closes the connection, so that no loop runs unbounded. */
    private static final long MAX_BYTES = 1L << 30;

    final AtomicInteger requests = new AtomicInteger();
    final AtomicLong bodyBytesSent = new AtomicLong();
    final AtomicBoolean clientClosed = new AtomicBoolean();
    private final Behaviour behaviour;
    private final ServerSocket server;
    private final Thread acceptor;

    MisbehavingHttpBackend(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::serve, "misbehaving-backend-" + behaviour);
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String base() {
        return "http://127.0.0.1:" + server.getLocalPort();
    }

    private void serve() {
        while (!server.isClosed()) {
            try (Socket socket = server.accept()) {
                // a small send buffer: what the client does not read piles up in its own window, not here
                socket.setSendBufferSize(64 * 1024);
                readRequestHead(socket.getInputStream());
                requests.incrementAndGet();
                answer(socket);
            } catch (IOException e) {
                // the client went away, or the server is closing
            }
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        for (int i = 0; i < 65_536 && matched < 4; i++) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("request ended early");
            }
            matched = b == "\r\n\r\n".charAt(matched) ? matched + 1 : b == '\r' ? 1 : 0;
        }
    }

    private void answer(Socket socket) throws IOException {
        OutputStream out = socket.getOutputStream();
        switch (behaviour) {
            case RESET -> socket.setSoLinger(true, 0);
            case CLOSE_WITHOUT_ANSWER -> {
            }
            case CLOSE_MID_ANSWER -> {
                out.write(head("Content-Length: 100"));
                out.write("{\"partial\"".getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            case HUGE_DECLARED_LENGTH -> {
                out.write(head("Content-Length: " + (1L << 30)));
                out.flush();
                // holds the connection until the client gives up on it (bounded: the read times out)
                socket.setSoTimeout(30_000);
                if (socket.getInputStream().read() < 0) {
                    clientClosed.set(true);
                }
            }
            case ENDLESS -> {
                out.write(head("Transfer-Encoding: chunked"));
                byte[] chunk = ("2000\r\n" + "x".repeat(0x2000) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    while (bodyBytesSent.get() < MAX_BYTES) {
                        out.write(chunk);
                        bodyBytesSent.addAndGet(0x2000);
                    }
                } catch (IOException e) {
                    clientClosed.set(true);
                    throw e;
                }
            }
            default -> throw new IllegalStateException();
        }
    }

    private static byte[] head(String framing) {
        return ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n" + framing + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() throws Exception {
        server.close();
        acceptor.join(5_000);
    }
}
