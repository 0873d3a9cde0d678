package io.rmpcoap.bench;

import java.io.File;
import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import io.rmpcoap.bench.targets.RmpGatewayTarget;
import io.rmpcoap.routes.GatewayRouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;

/**
 * A restart of a gateway holding many DTLS sessions, with and without the session store (rmp.gateway.sessionStore*):
 * {@code sessions} PSK clients handshake (32 at a time) and send a CoAP ping; the last {@code kept} of them stay; the
 * gateway's CamelContext is stopped and started; each kept client pings again on its old session. A client that gets
 * no answer would need a new handshake. Prints the time to stop (with the save) and to start (with the load), the
 * store's size, and the share of kept clients answered without a handshake (the store's own save and load times are
 * its INFO lines on standard error). Arguments: [sessions] [kept]. Run it with
 * {@code java -cp benchmarks/target/camel-rmp-coap-benchmarks-1.0.0-SNAPSHOT.jar io.rmpcoap.bench.RestartProbe}.
 */
public final class RestartProbe {

    private RestartProbe() {
    }

    public static void main(String[] args) throws Exception {
        int sessions = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        int kept = args.length > 1 ? Integer.parseInt(args[1]) : 200;
        for (boolean store : new boolean[] { true, false }) {
            run(sessions, kept, store);
        }
        System.exit(0);
    }

    private static void run(int sessions, int kept, boolean store) throws Exception {
        int port;
        try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            port = socket.getLocalPort();
        }
        Path file = Files.createTempDirectory("rmp-restart").resolve("sessions.bin");
        List<String> args = new ArrayList<>(List.of(String.valueOf(port), "http://127.0.0.1:1/", "dtls"));
        if (store) {
            args.add("rmp.gateway.sessionStoreFile=" + file);
            args.add("rmp.gateway.sessionStorePassword=bench-only-store-password");
        }
        DefaultCamelContext context = RmpGatewayTarget.gatewayContext(args.toArray(new String[0]));
        context.addRoutes(new GatewayRouteBuilder());
        context.start();
        InetSocketAddress target = new InetSocketAddress("127.0.0.1", port);
        Configuration config = BenchConfig.lightClient();
        ExecutorService executor = Executors.newFixedThreadPool(2);
        List<Client> keptClients = new ArrayList<>();
        List<CompletableFuture<Boolean>> pongs = new ArrayList<>();
        int nextPort = 20_000 + ThreadLocalRandom.current().nextInt(25_000);
        int established = 0;
        long t0 = System.nanoTime();
        try {
            for (int started = 0; started < sessions; started += 32) {
                List<Client> batch = new ArrayList<>();
                for (int i = 0; i < Math.min(32, sessions - started); i++) {
                    Client connector = null;
                    for (int attempt = 0; connector == null && attempt < 5; attempt++) {
                        DTLSConnector candidate = BenchConfig.dtlsClient(config, new InetSocketAddress("127.0.0.1", nextPort++));
                        candidate.setExecutor(executor);
                        Client client = new Client(candidate);
                        candidate.setRawDataReceiver(raw -> client.answer.complete(true));
                        try {
                            candidate.start();
                            connector = client;
                        } catch (BindException e) {
                            candidate.destroy();
                        }
                    }
                    if (connector == null) {
                        throw new IllegalStateException("no free UDP port near " + nextPort);
                    }
                    batch.add(connector);
                }
                List<CompletableFuture<Boolean>> answers = new ArrayList<>();
                for (Client connector : batch) {
                    answers.add(connector.ping(target));
                }
                for (CompletableFuture<Boolean> answer : answers) {
                    try {
                        established += answer.get(10, TimeUnit.SECONDS) ? 1 : 0;
                    } catch (java.util.concurrent.TimeoutException e) {
                        // a failed handshake: not counted
                    }
                }
                for (Client connector : batch) {
                    if (started + 32 >= sessions - kept && keptClients.size() < kept) {
                        keptClients.add(connector);
                    } else {
                        connector.connector.destroy();
                    }
                }
            }
            double handshakeSeconds = (System.nanoTime() - t0) / 1e9;

            long s0 = System.nanoTime();
            context.stop();
            long stopMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s0);
            long size = Files.exists(file) ? Files.size(file) : 0;
            long s1 = System.nanoTime();
            context.start();
            long startMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - s1);

            for (Client connector : keptClients) {
                pongs.add(connector.ping(target));
            }
            int answered = 0;
            for (CompletableFuture<Boolean> pong : pongs) {
                try {
                    answered += pong.get(3, TimeUnit.SECONDS) ? 1 : 0;
                } catch (java.util.concurrent.TimeoutException e) {
                    // no answer: this device would need a new handshake
                }
            }
            double share = keptClients.isEmpty() ? 0 : answered / (double) keptClients.size();
            System.out.println(String.format(Locale.ROOT,
                    "RESULT store=%s sessions=%d established=%d handshakes=%.1fs stopMs=%d startMs=%d fileBytes=%d "
                    + "keptAnswered=%d/%d handshakesNeeded~%d",
                    store ? "on" : "off", sessions, established, handshakeSeconds, stopMs, startMs, size, answered,
                    keptClients.size(), Math.round((1 - share) * established)));
        } finally {
            keptClients.forEach(client -> client.connector.destroy());
            executor.shutdownNow();
            context.stop();
            Files.deleteIfExists(file);
            new File(file.getParent().toString()).delete();
        }
    }

    /** A client connector and the answer it waits for. */
    private static final class Client {
        final DTLSConnector connector;
        volatile CompletableFuture<Boolean> answer = new CompletableFuture<>();

        Client(DTLSConnector connector) {
            this.connector = connector;
        }

        /** Sends a CoAP ping (empty CON); completes with true when the Reset comes back. */
        CompletableFuture<Boolean> ping(InetSocketAddress target) {
            answer = new CompletableFuture<>();
            int mid = ThreadLocalRandom.current().nextInt(0x10000);
            byte[] ping = {0x40, 0x00, (byte) (mid >> 8), (byte) mid};
            connector.send(RawData.outbound(ping, new AddressEndpointContext(target), null, false));
            return answer;
        }
    }
}
