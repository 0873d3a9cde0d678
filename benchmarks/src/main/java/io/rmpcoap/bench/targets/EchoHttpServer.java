package io.rmpcoap.bench.targets;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpServer;
import io.rmpcoap.bench.TargetSupport;

/**
 * The local HTTP backend every inbound target forwards to: POST echoes the body, GET answers a small JSON document,
 * both application/json, with keep-alive. Argument: port (0 = any).
 */
public final class EchoHttpServer {

    private static final byte[] CONFIG = "{\"interval\":60,\"unit\":\"s\"}".getBytes(StandardCharsets.UTF_8);

    private EchoHttpServer() {
    }

    public static void main(String[] args) throws Exception {
        // headers and body go out in two writes: without TCP_NODELAY, Nagle and delayed ACKs add 40 ms per request
        System.setProperty("sun.net.httpserver.nodelay", "true");
        // the JDK keeps at most 200 idle keep-alive connections by default and closes the others, which clients with a
        // larger pool (hand-written forwarder, proxy2) then see as failed requests at c=256
        System.setProperty("sun.net.httpserver.maxIdleConnections", "1000");
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        server.setExecutor(pool);
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (body.length == 0) {
                body = CONFIG;
            }
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        TargetSupport.ready(server.getAddress().getPort(), () -> {
            server.stop(0);
            pool.shutdownNow();
        });
    }
}
