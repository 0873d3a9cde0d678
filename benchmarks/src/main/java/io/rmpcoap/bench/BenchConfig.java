package io.rmpcoap.bench;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import io.rmpcoap.camel.tools.AuthTokens;
import io.rmpcoap.camel.tools.PskKeys;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/** What every process of the benchmark agrees on: the device's credentials, the body, Californium's settings. */
public final class BenchConfig {

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    /** The device user, also its PSK identity. */
    public static final String USER = "hello";
    /** The device password. */
    public static final String PASSWORD = "world";
    /** The platform PSK key text (hex of SHA-256(password)); DTLS uses its ASCII bytes. */
    public static final String PSK_KEY_TEXT = PskKeys.hexKey(PASSWORD);
    /** The AuthToken the device appends as key=... */
    public static final String TOKEN = AuthTokens.encode(USER, PASSWORD);
    /** The small JSON body of a POST. */
    public static final byte[] BODY = "{\"celsius\":21.5,\"site\":\"lab\"}".getBytes(StandardCharsets.UTF_8);
    /** application/json */
    public static final int JSON = 50;
    /** How long a request may take before it counts as a timeout. */
    public static final long REQUEST_TIMEOUT_MS = 5_000;

    private BenchConfig() {
    }

    public static byte[] pskKey() {
        return PskKeys.keyBytesOf(PSK_KEY_TEXT);
    }

    /**
     * The outbound benchmark's client settings (all three clients alike): no message-ID tracking. A client may not
     * reuse a message ID towards one peer within EXCHANGE_LIFETIME (RFC 7252 4.4; 247 s), so with Californium's
     * default tracker one client endpoint sustains at most 65,536 / 247 s = 265 requests/s to one device and then
     * fails with "No MID available"; the benchmark's clients send far more, so they simply count message IDs up and
     * the device runs without deduplication ({@link #device(Configuration)}).
     */
    public static Configuration outboundClient(Configuration c) {
        c.set(CoapConfig.MID_TRACKER, CoapConfig.TrackerMode.NULL);
        return c;
    }

    /** The outbound device: no deduplication, so that a message ID reused within EXCHANGE_LIFETIME is a new request. */
    public static Configuration device(Configuration c) {
        c.set(CoapConfig.DEDUPLICATOR, CoapConfig.NO_DEDUPLICATOR);
        return c;
    }

    /** {@link #outboundClient} as a Californium properties file (for camel-coap's configurationFile). */
    public static String outboundProperties() {
        // the key is Californium's own spelling ("COAP.MID_TACKER" in 3.14)
        return CoapConfig.MID_TRACKER.getKey() + "=" + CoapConfig.TrackerMode.NULL + "\n";
    }

    /** Californium's standard settings without a properties file. */
    public static Configuration standard() {
        Configuration c = Configuration.createStandardWithoutFile();
        // deduplication bounded like the gateway's (maxDeduplicationMessages, 100,000 in all): 64 load sessions x
        // 1,600. Californium's default keeps every exchange for EXCHANGE_LIFETIME (247 s), about 3 million at this
        // load, and a forwarder with a 1 GiB heap ran out of memory after 60 s of warm-up
        c.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        c.set(CoapConfig.PEERS_MARK_AND_SWEEP_MESSAGES, 1600);
        return c;
    }

    /**
     * Settings for the many DTLS client connectors of the load generator and the handshake probe: one receiver thread
     * each (they share an executor for the rest).
     */
    public static Configuration lightClient() {
        Configuration c = Configuration.createStandardWithoutFile();
        c.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        // offer the Connection ID extension without an ID of their own, as Californium's clients do: a gateway with
        // connectionIdLength then puts its IDs in the records the clients send
        c.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, 0);
        return c;
    }

    /** A PSK client connector with the device's credentials. */
    public static DTLSConnector dtlsClient(Configuration config, InetSocketAddress bind) {
        return new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(bind)
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)
                .setAdvancedPskStore(new AdvancedSinglePskStore(USER, pskKey()))
                .build());
    }

    /** A server endpoint on 127.0.0.1:port, plain UDP or DTLS with the benchmark's PSK, as every target uses. */
    public static CoapEndpoint.Builder serverEndpoint(Configuration config, int port, boolean dtls) {
        InetSocketAddress bind = new InetSocketAddress("127.0.0.1", port);
        CoapEndpoint.Builder builder = CoapEndpoint.builder().setConfiguration(config);
        if (dtls) {
            builder.setConnector(new DTLSConnector(DtlsConnectorConfig.builder(config)
                    .setAddress(bind)
                    .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                    .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)
                    .setAdvancedPskStore(new AdvancedSinglePskStore(USER, pskKey()))
                    .build()));
        } else {
            builder.setConnector(new UDPConnector(bind, config));
        }
        return builder;
    }
}
