package io.rmpcoap.examples.gateway;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A stand-in for the platform's Composite APIs on 127.0.0.1, so that the gateway example runs offline. It checks HTTP
 * Basic authentication and answers JSON: {@code POST /api/telemetry} stores a reading (201), {@code GET /api/config}
 * returns the device settings (200).
 */
public final class DemoCompositeApi implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(4);
    private final String expectedAuthorization;
    private int stored;

    private DemoCompositeApi(int port, String user, String password) throws IOException {
        expectedAuthorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/api/", this::handle);
        server.setExecutor(executor);
    }

    public static DemoCompositeApi start(int port, String user, String password) throws IOException {
        DemoCompositeApi api = new DemoCompositeApi(port, user, password);
        api.server.start();
        return api;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/";
    }

    private void handle(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().readAllBytes();
        if (!expectedAuthorization.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            answer(exchange, 401, "{\"error\":\"unauthorized\"}");
        } else if (exchange.getRequestURI().getPath().equals("/api/telemetry") && exchange.getRequestMethod().equals("POST")) {
            answer(exchange, 201, "{\"stored\":" + next() + "}");
        } else if (exchange.getRequestURI().getPath().equals("/api/config") && exchange.getRequestMethod().equals("GET")) {
            answer(exchange, 200, "{\"interval\":60,\"unit\":\"s\"}");
        } else {
            answer(exchange, 404, "{\"error\":\"no such Composite API\"}");
        }
    }

    private synchronized int next() {
        return ++stored;
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
