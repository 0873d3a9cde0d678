package io.rmpcoap.bench.targets;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

import io.rmpcoap.bench.TargetSupport;

/**
 * The local HTTP backend every inbound target forwards to: POST echoes the body, GET answers a small JSON document,
 * both application/json, HTTP/1.1 with keep-alive. Argument: port (0 = any).
 * <p>
 * One thread and a selector, no framework: the echo server shares two cores with the target and the load generator,
 * so every microsecond it spends per request is taken from the target (the JDK's HttpServer, used before, cost about
 * as much per request as some targets). It understands what the targets send: Content-Length or chunked bodies,
 * {@code Expect: 100-continue} and {@code Connection: close}; anything it cannot parse gets 400 and a closed connection.
 */
public final class EchoHttpServer implements Runnable {

    private static final byte[] CONFIG = "{\"interval\":60,\"unit\":\"s\"}".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] BAD_REQUEST =
            "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final int MAX_HEAD = 16 * 1024;

    private final Selector selector;
    private final ServerSocketChannel server;

    private EchoHttpServer(int port) throws IOException {
        selector = Selector.open();
        server = ServerSocketChannel.open();
        server.bind(new InetSocketAddress("127.0.0.1", port), 1024);
        server.configureBlocking(false);
        server.register(selector, SelectionKey.OP_ACCEPT);
    }

    public static void main(String[] args) throws Exception {
        EchoHttpServer echo = new EchoHttpServer(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        Thread loop = new Thread(echo, "echo-http");
        loop.setDaemon(true);
        loop.start();
        TargetSupport.ready(echo.server.socket().getLocalPort(), echo.selector::close);
    }

    @Override
    public void run() {
        try {
            while (selector.isOpen()) {
                selector.select();
                for (SelectionKey key : selector.selectedKeys()) {
                    if (!key.isValid()) {
                        continue;
                    }
                    if (key.isAcceptable()) {
                        accept();
                    } else {
                        ((Connection) key.attachment()).ready(key);
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (Exception e) {
            // the selector was closed: the server stops
        }
    }

    private void accept() throws IOException {
        SocketChannel channel;
        while ((channel = server.accept()) != null) {
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            SelectionKey key = channel.register(selector, SelectionKey.OP_READ);
            key.attach(new Connection(channel));
        }
    }

    /** One keep-alive connection: reads requests into a growing buffer, answers each as soon as it is complete. */
    private static final class Connection {
        private final SocketChannel channel;
        private ByteBuffer in = ByteBuffer.allocate(4096);
        private ByteBuffer out = ByteBuffer.allocate(0);
        private boolean continueSent;
        private boolean closeAfterWrite;

        Connection(SocketChannel channel) {
            this.channel = channel;
        }

        void ready(SelectionKey key) {
            try {
                if (key.isWritable() && !flush(key)) {
                    return;
                }
                if (key.isReadable()) {
                    if (!in.hasRemaining()) {
                        in = ByteBuffer.allocate(in.capacity() * 2).put(in.flip());
                    }
                    if (channel.read(in) < 0) {
                        close(key);
                        return;
                    }
                }
                answerCompleteRequests(key);
            } catch (IOException e) {
                close(key);
            }
        }

        /** Answers every complete request in the buffer (clients do not pipeline, but nothing is lost if one does). */
        private void answerCompleteRequests(SelectionKey key) throws IOException {
            while (out.remaining() == 0 && !closeAfterWrite) {
                Request request = Request.parse(in.array(), in.position());
                if (request == null) {
                    if (in.position() > MAX_HEAD && indexOfHeadEnd(in.array(), in.position()) < 0) {
                        send(key, BAD_REQUEST, null, true);
                    }
                    return;
                }
                if (request.bad()) {
                    send(key, BAD_REQUEST, null, true);
                    return;
                }
                if (request.length() < 0) { // head complete, body still coming
                    if (request.expectContinue() && !continueSent) {
                        continueSent = true;
                        send(key, CONTINUE, null, false);
                    }
                    return;
                }
                continueSent = false;
                byte[] body = request.body().length == 0 ? CONFIG : request.body();
                byte[] head = ("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                               + (request.close() ? "\r\nConnection: close" : "") + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII);
                // drop the answered request from the buffer, keep what follows it
                int rest = in.position() - request.length();
                System.arraycopy(in.array(), request.length(), in.array(), 0, rest);
                in.position(rest);
                send(key, head, body, request.close());
            }
        }

        private void send(SelectionKey key, byte[] head, byte[] body, boolean close) throws IOException {
            out = ByteBuffer.allocate(head.length + (body == null ? 0 : body.length)).put(head);
            if (body != null) {
                out.put(body);
            }
            out.flip();
            closeAfterWrite = close;
            flush(key);
        }

        /** Writes what is pending; true when everything is written (and the connection still open). */
        private boolean flush(SelectionKey key) throws IOException {
            channel.write(out);
            if (out.hasRemaining()) {
                key.interestOps(SelectionKey.OP_WRITE);
                return false;
            }
            if (closeAfterWrite) {
                close(key);
                return false;
            }
            key.interestOps(SelectionKey.OP_READ);
            return true;
        }

        private void close(SelectionKey key) {
            key.cancel();
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /**
     * A request parsed from the first {@code limit} bytes of a buffer. {@code length} is the number of bytes the whole
     * request takes (head and body), or -1 while its body is incomplete.
     */
    private record Request(int length, byte[] body, boolean expectContinue, boolean close, boolean bad) {

        static final Request BAD = new Request(0, new byte[0], false, true, true);

        /** null when the head is not complete yet. */
        static Request parse(byte[] buf, int limit) {
            int headEnd = indexOfHeadEnd(buf, limit);
            if (headEnd < 0) {
                return null;
            }
            String[] lines = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1).split("\r\n");
            long contentLength = 0;
            boolean chunked = false;
            boolean expectContinue = false;
            boolean close = false;
            for (int i = 1; i < lines.length; i++) {
                int colon = lines[i].indexOf(':');
                if (colon <= 0) {
                    return BAD;
                }
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim().toLowerCase(Locale.ROOT);
                switch (name) {
                    case "content-length" -> {
                        try {
                            contentLength = Long.parseLong(value);
                        } catch (NumberFormatException e) {
                            return BAD;
                        }
                    }
                    case "transfer-encoding" -> chunked = value.endsWith("chunked");
                    case "expect" -> expectContinue = value.equals("100-continue");
                    case "connection" -> close = value.equals("close");
                    default -> {
                        // not needed to echo
                    }
                }
            }
            int bodyStart = headEnd + 4;
            if (chunked) {
                return dechunk(buf, bodyStart, limit, expectContinue, close);
            }
            if (contentLength < 0 || contentLength > Integer.MAX_VALUE - bodyStart) {
                return BAD;
            }
            int end = bodyStart + (int) contentLength;
            return end > limit ? new Request(-1, null, expectContinue, close, false)
                    : new Request(end, Arrays.copyOfRange(buf, bodyStart, end), expectContinue, close, false);
        }

        /** A chunked body: size lines in hex, each chunk followed by CRLF, a zero chunk and an empty trailer. */
        private static Request dechunk(byte[] buf, int pos, int limit, boolean expectContinue, boolean close) {
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            while (true) {
                int lineEnd = indexOf(buf, pos, limit, "\r\n");
                if (lineEnd < 0) {
                    return new Request(-1, null, expectContinue, close, false);
                }
                String sizeText = new String(buf, pos, lineEnd - pos, StandardCharsets.ISO_8859_1);
                int semicolon = sizeText.indexOf(';');
                int size;
                try {
                    size = Integer.parseInt((semicolon < 0 ? sizeText : sizeText.substring(0, semicolon)).trim(), 16);
                } catch (NumberFormatException e) {
                    return BAD;
                }
                pos = lineEnd + 2;
                if (size == 0) {
                    int trailerEnd = indexOf(buf, pos - 2, limit, "\r\n\r\n"); // no trailers: the CRLF just read ends it
                    return trailerEnd < 0 ? new Request(-1, null, expectContinue, close, false)
                            : new Request(trailerEnd + 4, body.toByteArray(), expectContinue, close, false);
                }
                if (size < 0 || pos + size + 2 > limit) {
                    return size < 0 ? BAD : new Request(-1, null, expectContinue, close, false);
                }
                body.write(buf, pos, size);
                pos += size + 2;
            }
        }
    }

    private static int indexOfHeadEnd(byte[] buf, int limit) {
        return indexOf(buf, 0, limit, "\r\n\r\n");
    }

    private static int indexOf(byte[] buf, int from, int limit, String text) {
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        outer:
        for (int i = from; i <= limit - t.length; i++) {
            for (int j = 0; j < t.length; j++) {
                if (buf[i + j] != t[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
