package io.rmpcoap.routes;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.rmpcoap.camel.test.TestPki;

/**
 * A real HTTP server on 127.0.0.1 standing in for the platform's Composite APIs. It records each request and answers
 * by path: {@code /api/status/N} with status N, {@code /api/slow/MS} after MS milliseconds, {@code /api/big/N} with N
 * bytes, {@code /api/redirect} with a 302 to {@code /api/redirected} on this server (allowed, so a followed redirect
 * would be seen here), {@code /api/login} with a session cookie, {@code /api/latin1} with ISO-8859-1 text, anything
 * else 200 with a JSON echo of the body.
 */
final class RecordingHttpServer implements AutoCloseable {

    record Seen(String method, String path, String query, String authorization, String contentType, String accept,
                String cookie, byte[] body, long atMillis) {
    }

    final BlockingQueue<Seen> requests = new LinkedBlockingQueue<>();
    private final HttpServer server;

    private final String scheme;

    RecordingHttpServer() throws IOException {
        this(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0), "http");
    }

    /** An HTTPS server presenting the identity's certificate (from TestPki: trusted by no JVM default trust store). */
    static RecordingHttpServer https(TestPki.Identity identity) throws Exception {
        KeyStore store = KeyStore.getInstance(TestPki.STORE_TYPE);
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(identity.keyStore())) {
            store.load(in, TestPki.PASSWORD.toCharArray());
        }
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, TestPki.PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        HttpsServer server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setHttpsConfigurator(new HttpsConfigurator(tls));
        return new RecordingHttpServer(server, "https");
    }

    private RecordingHttpServer(HttpServer server, String scheme) {
        this.server = server;
        this.scheme = scheme;
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newFixedThreadPool(8));
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    String base() {
        return scheme + "://127.0.0.1:" + port();
    }

    Seen next() throws InterruptedException {
        Seen seen = requests.poll(5, TimeUnit.SECONDS);
        if (seen == null) {
            throw new AssertionError("The Composite API received no request");
        }
        return seen;
    }

    private void handle(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getPath();
        requests.add(new Seen(exchange.getRequestMethod(), path, exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"),
                exchange.getRequestHeaders().getFirst("Accept"), exchange.getRequestHeaders().getFirst("Cookie"), body,
                System.currentTimeMillis()));
        int status = 200;
        String contentType = "application/json";
        byte[] answer = ("{\"method\":\"" + exchange.getRequestMethod() + "\",\"body\":\""
                         + new String(body, StandardCharsets.UTF_8) + "\"}").getBytes(StandardCharsets.UTF_8);
        if (path.startsWith("/api/status/")) {
            status = Integer.parseInt(path.substring("/api/status/".length()));
        } else if (path.startsWith("/api/slow/")) {
            try {
                Thread.sleep(Long.parseLong(path.substring("/api/slow/".length())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (path.startsWith("/api/big/")) {
            answer = new byte[Integer.parseInt(path.substring("/api/big/".length()))];
            java.util.Arrays.fill(answer, (byte) 'x');
        } else if (path.equals("/api/latin1")) {
            contentType = "text/plain; charset=ISO-8859-1";
            answer = "21,5 \u00b0C".getBytes(StandardCharsets.ISO_8859_1);
        } else if (path.equals("/api/login")) {
            exchange.getResponseHeaders().add("Set-Cookie", "session=s3cr3t; Path=/");
        } else if (path.equals("/api/redirect")) {
            status = 302;
            exchange.getResponseHeaders().add("Location", base() + "/api/redirected");
        }
        exchange.getResponseHeaders().add("Content-Type", contentType);
        boolean empty = status == 204 || status == 304;
        exchange.sendResponseHeaders(status, empty ? -1 : answer.length);
        if (!empty) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
