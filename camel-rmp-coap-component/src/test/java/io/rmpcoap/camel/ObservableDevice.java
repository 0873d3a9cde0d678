package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.TcpConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.tcp.netty.TcpServerConnector;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * A device written with plain Californium: a CoapServer on 127.0.0.1 whose resource {@code temperature} is observable
 * and changes every 200 ms; its body is {@code <generation>:<value>} (padded to {@code size} bytes when asked, for
 * block-wise notifications).
 */
final class ObservableDevice implements AutoCloseable {

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
        TcpConfig.register();
    }

    static final long CHANGE_MILLIS = 200;

    private final CoapServer server;
    private final Temperature resource;
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor();

    private ObservableDevice(CoapEndpoint endpoint, String generation, int size) {
        server = new CoapServer();
        server.addEndpoint(endpoint);
        resource = new Temperature(generation, size);
        server.add(resource);
        server.start();
        ticker.scheduleAtFixedRate(resource::tick, CHANGE_MILLIS, CHANGE_MILLIS, TimeUnit.MILLISECONDS);
    }

    /** Plain CoAP on 127.0.0.1:port (0 for any). */
    static ObservableDevice plain(int port, String generation, int size) {
        return new ObservableDevice(CoapEndpoint.builder().setConfiguration(configuration())
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", port)).build(), generation, size);
    }

    /** CoAP over TCP (RFC 8323) on 127.0.0.1:port (0 for any). */
    static ObservableDevice tcp(int port, String generation) {
        Configuration configuration = configuration();
        return new ObservableDevice(CoapEndpoint.builder().setConfiguration(configuration)
                .setConnector(new TcpServerConnector(new InetSocketAddress("127.0.0.1", port), configuration)).build(),
                generation, 0);
    }

    /** DTLS with TLS_PSK_WITH_AES_128_CCM_8 and the one identity, the key used as the ASCII bytes of the text. */
    static ObservableDevice psk(String identity, String key) {
        Configuration configuration = configuration();
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key.getBytes(StandardCharsets.US_ASCII)))
                .build();
        return new ObservableDevice(CoapEndpoint.builder().setConfiguration(configuration)
                .setConnector(new DTLSConnector(dtls)).build(), "dtls", 0);
    }

    private static Configuration configuration() {
        Configuration configuration = Configuration.createStandardWithoutFile();
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 1 << 20);
        return configuration;
    }

    int port() {
        return server.getEndpoints().get(0).getAddress().getPort();
    }

    int observers() {
        return resource.getObserverCount();
    }

    /** Requests of the resource (registrations, cancellations, block-wise follow-ups) since the start. */
    int requests() {
        return resource.requests.get();
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        server.destroy();
    }

    private static final class Temperature extends CoapResource {
        private final String generation;
        private final int size;
        private final AtomicInteger value = new AtomicInteger();
        private final AtomicInteger requests = new AtomicInteger();

        Temperature(String generation, int size) {
            super("temperature");
            this.generation = generation;
            this.size = size;
            setObservable(true);
            setObserveType(CoAP.Type.CON);
        }

        void tick() {
            value.incrementAndGet();
            changed();
        }

        @Override
        public void handleGET(CoapExchange exchange) {
            requests.incrementAndGet();
            StringBuilder body = new StringBuilder(generation + ":" + value.get());
            while (body.length() < size) {
                body.append('.');
            }
            exchange.setMaxAge(60);
            exchange.respond(CoAP.ResponseCode.CONTENT, body.toString(), MediaTypeRegistry.TEXT_PLAIN);
        }
    }
}
