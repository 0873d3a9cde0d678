package io.rmpcoap.camel.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A real HTTP server on 127.0.0.1 standing in for a Composite API: records each request, answers a fixed JSON. */
public final class CompositeApi implements AutoCloseable {

    public static final String ANSWER = "{\"interval\":60,\"unit\":\"s\"}";

    public record Seen(String method, String path, String query, String authorization) {
    }

    private final BlockingQueue<Seen> requests = new LinkedBlockingQueue<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);

    public CompositeApi() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    public String base() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public Seen next() throws InterruptedException {
        Seen seen = requests.poll(5, TimeUnit.SECONDS);
        if (seen == null) {
            throw new AssertionError("The Composite API received no request");
        }
        return seen;
    }

    private void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        requests.add(new Seen(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders().getFirst("Authorization")));
        byte[] answer = ANSWER.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, answer.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(answer);
        }
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
