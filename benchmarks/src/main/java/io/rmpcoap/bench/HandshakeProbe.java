package io.rmpcoap.bench;

import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.MessageCallback;
import org.eclipse.californium.elements.RawData;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;

/**
 * DTLS handshakes per second and the target's heap per 1,000 idle sessions: fresh PSK clients, each on a new source
 * port, complete a full handshake and send one CoAP ping, {@code parallel} at a time; the clients then go away without
 * closing, so the target keeps every session idle. The target's CPU time per handshake is read around the handshakes
 * (including the ping and the clients' connection set-up that the target does not see). The heap is the target's used heap after full GCs, before and after.
 */
public final class HandshakeProbe {

    /** What was measured. */
    public record Outcome(int sessions, double handshakesPerSecond, double heapMiBPer1000, int failed, double cpuUsPerHandshake) {
    }

    private HandshakeProbe() {
    }

    /**
     * The round with the median handshake rate, with the heap per session of the first round (later rounds start with
     * the earlier rounds' sessions, which the target may be expiring meanwhile).
     */
    public static Outcome median(List<Outcome> rounds) {
        List<Outcome> sorted = new ArrayList<>(rounds);
        sorted.sort(java.util.Comparator.comparingDouble(Outcome::handshakesPerSecond));
        Outcome m = sorted.get(sorted.size() / 2);
        return new Outcome(m.sessions(), m.handshakesPerSecond(), rounds.get(0).heapMiBPer1000(), m.failed(),
                m.cpuUsPerHandshake());
    }

    public static Outcome run(InetSocketAddress target, Child child, int sessions, int parallel) throws Exception {
        long heap0 = child.heapAfterGc();
        Configuration config = BenchConfig.lightClient();
        ExecutorService executor = Executors.newFixedThreadPool(2);
        int port = 20_000 + ThreadLocalRandom.current().nextInt(25_000);
        int ok = 0;
        int failed = 0;
        long busyNanos = 0;
        long cpu0 = child.cpuNanos();
        try {
            for (int started = 0; started < sessions; started += parallel) {
                List<DTLSConnector> batch = new ArrayList<>();
                for (int i = 0; i < Math.min(parallel, sessions - started); i++) {
                    DTLSConnector connector = null;
                    for (int attempt = 0; connector == null && attempt < 5; attempt++) {
                        DTLSConnector candidate = BenchConfig.dtlsClient(config, new InetSocketAddress("127.0.0.1", port++));
                        candidate.setExecutor(executor);
                        try {
                            candidate.start();
                            connector = candidate;
                        } catch (BindException e) {
                            candidate.destroy();
                        } catch (IOException e) {
                            candidate.destroy();
                        }
                    }
                    if (connector == null) {
                        throw new IllegalStateException("no free UDP port for the handshake clients near " + port);
                    }
                    batch.add(connector);
                }
                long t0 = System.nanoTime();
                List<CompletableFuture<Boolean>> sent = new ArrayList<>();
                for (DTLSConnector connector : batch) {
                    CompletableFuture<Boolean> f = new CompletableFuture<>();
                    int mid = ThreadLocalRandom.current().nextInt(0x10000);
                    byte[] ping = {0x40, 0x00, (byte) (mid >> 8), (byte) mid};
                    connector.send(RawData.outbound(ping, new AddressEndpointContext(target), new MessageCallback() {
                        @Override
                        public void onConnecting() {
                        }

                        @Override
                        public void onDtlsRetransmission(int flight) {
                        }

                        @Override
                        public void onContextEstablished(EndpointContext context) {
                        }

                        @Override
                        public void onSent() {
                            f.complete(true);
                        }

                        @Override
                        public void onError(Throwable error) {
                            f.complete(false);
                        }
                    }, false));
                    sent.add(f);
                }
                for (CompletableFuture<Boolean> f : sent) {
                    Boolean result;
                    try {
                        result = f.get(10, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        result = false;
                    }
                    if (result) {
                        ok++;
                    } else {
                        failed++;
                    }
                }
                busyNanos += System.nanoTime() - t0;
                batch.forEach(DTLSConnector::destroy);
            }
        } finally {
            executor.shutdownNow();
        }
        long cpu1 = child.cpuNanos();
        long heap1 = child.heapAfterGc();
        double perThousand = ok == 0 ? Double.NaN : (heap1 - heap0) / (double) ok * 1000 / (1024.0 * 1024.0);
        return new Outcome(ok, ok / (busyNanos / 1e9), perThousand, failed, ok == 0 ? Double.NaN : (cpu1 - cpu0) / 1e3 / ok);
    }
}
