package io.rmpcoap.bench;

import java.nio.charset.StandardCharsets;

import io.rmpcoap.camel.tools.AuthTokens;
import io.rmpcoap.camel.tools.PskKeys;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;

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

    /** Californium's standard settings without a properties file. */
    public static Configuration standard() {
        return Configuration.createStandardWithoutFile();
    }

    /** Settings for the load generator's many client endpoints: few threads each. */
    public static Configuration lightClient() {
        Configuration c = Configuration.createStandardWithoutFile();
        c.set(UdpConfig.UDP_RECEIVER_THREAD_COUNT, 1);
        c.set(UdpConfig.UDP_SENDER_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_CONNECTOR_THREAD_COUNT, 1);
        c.set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY);
        c.set(CoapConfig.PROTOCOL_STAGE_THREAD_COUNT, 1);
        return c;
    }
}
