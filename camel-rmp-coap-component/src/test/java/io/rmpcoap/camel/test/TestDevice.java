package io.rmpcoap.camel.test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;

import javax.net.ssl.SSLContext;

import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.MapBasedEndpointContext;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.TcpConfig;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.tcp.netty.TcpClientConnector;
import org.eclipse.californium.elements.tcp.netty.TlsClientConnector;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;

/**
 * A device written with plain Californium/Scandium (not with rmpcoap), for tests of consumers and the gateway.
 */
public final class TestDevice implements AutoCloseable {

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
        TcpConfig.register();
    }

    private final CoapEndpoint endpoint;

    private TestDevice(CoapEndpoint endpoint) throws Exception {
        this.endpoint = endpoint;
        endpoint.start();
    }

    private static Configuration configuration() {
        Configuration configuration = Configuration.createStandardWithoutFile();
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 1 << 20);
        return configuration;
    }

    /** A device speaking plain CoAP over UDP. */
    public static TestDevice plain() throws Exception {
        return new TestDevice(CoapEndpoint.builder().setConfiguration(configuration())
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build());
    }

    /** A device speaking DTLS with TLS_PSK_WITH_AES_128_CCM_8; the key is used as the ASCII bytes of the text. */
    public static TestDevice psk(String identity, String key) throws Exception {
        return psk(identity, key, null);
    }

    /**
     * A PSK device that also offers the DTLS Connection ID extension (RFC 9146) with a Connection ID of the given
     * length for itself (0: none of its own, as Californium's clients do), or not at all when null.
     */
    public static TestDevice psk(String identity, String key, Integer connectionIdLength) throws Exception {
        Configuration configuration = configuration();
        if (connectionIdLength != null) {
            configuration.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, connectionIdLength);
        }
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CCM_8)
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, key.getBytes(StandardCharsets.US_ASCII)))
                .build();
        return new TestDevice(CoapEndpoint.builder().setConfiguration(configuration)
                .setConnector(new DTLSConnector(dtls)).build());
    }

    /** A device speaking CoAP over TCP (RFC 8323) with Californium's defaults (bodies over 1 KiB go block-wise). */
    public static TestDevice tcp() throws Exception {
        Configuration configuration = configuration();
        return new TestDevice(CoapEndpoint.builder().setConfiguration(configuration)
                .setConnector(new TcpClientConnector(configuration)).build());
    }

    /**
     * A device speaking CoAP over TLS (RFC 8323): the context's trust managers verify the server, its key managers (if
     * any) give the client certificate.
     */
    public static TestDevice tls(SSLContext context) throws Exception {
        Configuration configuration = configuration();
        return new TestDevice(CoapEndpoint.builder().setConfiguration(configuration)
                .setConnector(new TlsClientConnector(context, configuration)).build());
    }

    /**
     * A device speaking DTLS with TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 that trusts the given CA certificates; with a
     * private key and chain (own certificate first) it also presents a client certificate, with a null key none.
     */
    public static TestDevice certificate(List<X509Certificate> trusted, PrivateKey key, List<X509Certificate> chain)
            throws Exception {
        return certificate(CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, trusted, key, chain);
    }

    /** Like {@link #certificate(List, PrivateKey, List)} but offering only the given suite, recommended or not. */
    public static TestDevice certificate(CipherSuite suite, List<X509Certificate> trusted, PrivateKey key,
                                         List<X509Certificate> chain) throws Exception {
        Configuration configuration = configuration();
        configuration.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, suite.isRecommended());
        DtlsConnectorConfig.Builder dtls = DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, suite)
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedCertificates(trusted.toArray(new X509Certificate[0])).build());
        if (key != null) {
            dtls.setCertificateIdentityProvider(
                    new SingleCertificateProvider(key, chain.toArray(new X509Certificate[0]), CertificateType.X_509));
        }
        return new TestDevice(CoapEndpoint.builder().setConfiguration(configuration)
                .setConnector(new DTLSConnector(dtls.build())).build());
    }

    /**
     * A device speaking DTLS with TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 and raw public keys (RFC 7250): it presents its
     * own key pair (none when null) and trusts only the given servers' public keys.
     */
    public static TestDevice rawPublicKey(KeyPair own, PublicKey... trustedServers) throws Exception {
        Configuration configuration = configuration();
        RawPublicKeyIdentity[] trusted = Arrays.stream(trustedServers).map(RawPublicKeyIdentity::new)
                .toArray(RawPublicKeyIdentity[]::new);
        DtlsConnectorConfig.Builder dtls = DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8)
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder().setTrustedRPKs(trusted).build());
        if (own != null) {
            dtls.setCertificateIdentityProvider(new SingleCertificateProvider(own.getPrivate(), own.getPublic()));
        }
        return new TestDevice(CoapEndpoint.builder().setConfiguration(configuration)
                .setConnector(new DTLSConnector(dtls.build())).build());
    }

    /** Sends the request to 127.0.0.1:port and waits up to 10 s for the answer; null when none came. */
    public CoapResponse send(Request request, int port) throws InterruptedException {
        return send(request, port, 10_000);
    }

    public CoapResponse send(Request request, int port, long waitMillis) throws InterruptedException {
        sendWithoutWaiting(request, port);
        Response response = request.waitForResponse(waitMillis);
        return response == null ? null : new CoapResponse(response) {
        };
    }

    /** Sends the request to 127.0.0.1:port; {@code request.waitForResponse} gives the answer later. */
    public void sendWithoutWaiting(Request request, int port) {
        request.setDestinationContext(new AddressEndpointContext(InetAddress.getLoopbackAddress(), port));
        endpoint.sendRequest(request);
    }

    /**
     * Sends the request to 127.0.0.1:port after a new full DTLS handshake, as a device does that has given up on its
     * session (e.g. after a timeout); {@code request.waitForResponse} gives the answer later.
     */
    public void sendWithNewHandshake(Request request, int port) {
        request.setDestinationContext(new MapBasedEndpointContext(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), port), null,
                DtlsEndpointContext.ATTRIBUE_HANDSHAKE_MODE_FORCE_FULL));
        endpoint.sendRequest(request);
    }

    @Override
    public void close() {
        endpoint.destroy();
    }
}
