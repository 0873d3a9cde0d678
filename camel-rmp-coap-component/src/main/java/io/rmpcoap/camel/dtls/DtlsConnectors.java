package io.rmpcoap.camel.dtls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import javax.crypto.SecretKey;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsClusterConnectorConfig;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.util.SecretUtil;

/**
 * Builds Scandium connectors from {@link DtlsSettings}: the one place where the endpoint's options become a
 * {@link DtlsConnectorConfig} (and, for coaps+tcp, a JSSE {@link SSLContext}). Scandium's defaults that protect a server stay on (HelloVerifyRequest, anti-replay
 * filter).
 */
public final class DtlsConnectors {

    /**
     * A client left at Scandium's retransmission defaults retransmits a handshake flight after 1 s (RFC 6347 4.2.4.1's
     * initial timer), then 2 s, and gives the handshake up 4 s later: 7 s in all.
     */
    public static final int CLIENT_HANDSHAKE_RETRANSMISSION_TIMEOUT_MS = 1000;
    public static final int CLIENT_HANDSHAKE_RETRANSMISSIONS = 2;

    private DtlsConnectors() {
    }

    /**
     * The number of established DTLS sessions of a connector, counted on Scandium's own connection threads (waiting at
     * most a second); null for a connector that is not DTLS.
     */
    public static Integer establishedSessions(Connector connector) {
        if (!(connector instanceof DTLSConnector dtls) || !dtls.isRunning()) {
            return null;
        }
        AtomicInteger sessions = new AtomicInteger();
        try {
            dtls.startForEach((org.eclipse.californium.elements.util.Filter<Connection>) connection -> {
                if (connection.hasEstablishedDtlsContext()) {
                    sessions.incrementAndGet();
                }
                return false; // false: go on with the next connection
            }).get(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            // a partial count is still what the console can show
        }
        return sessions.get();
    }

    /**
     * A client connector bound to {@code bind} (an ephemeral port); {@code health} (may be null) counts its handshakes.
     */
    public static DTLSConnector client(DtlsSettings settings, Configuration configuration, InetSocketAddress bind,
                                       DtlsMeter health) {
        if (usesCertificates(settings) && !settings.hasTrust()) {
            throw new IllegalArgumentException("coaps with certificates needs the trusted CA roots to verify the server: "
                                               + "trustStore or sslContextParameters with trust managers (for raw public "
                                               + "keys: advancedCertificateVerifier or trustAllRawPublicKeys=true)");
        }
        DtlsConnectorConfig.Builder builder = base(settings, configuration, bind, health)
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY);
        if (configuration.get(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, TimeUnit.MILLISECONDS)
                == DtlsConfig.DEFAULT_RETRANSMISSION_TIMEOUT_IN_MILLISECONDS
            && configuration.get(DtlsConfig.DTLS_MAX_RETRANSMISSIONS) == DtlsConfig.DEFAULT_MAX_RETRANSMISSIONS) {
            // Scandium's defaults give a handshake up after about 62 s (2 s, doubling, 4 retransmissions), longer than
            // any exchange timeout, so a handshake a server ends silently (most drop a Finished made with a wrong PSK)
            // would only ever surface as a timeout
            builder.set(DtlsConfig.DTLS_RETRANSMISSION_TIMEOUT, CLIENT_HANDSHAKE_RETRANSMISSION_TIMEOUT_MS,
                    TimeUnit.MILLISECONDS).set(DtlsConfig.DTLS_MAX_RETRANSMISSIONS, CLIENT_HANDSHAKE_RETRANSMISSIONS);
        }
        if (settings.advancedPskStore() != null) {
            builder.setAdvancedPskStore(settings.advancedPskStore());
        } else if (settings.pskKey() != null) {
            builder.setAdvancedPskStore(new AdvancedSinglePskStore(settings.pskIdentity(), settings.pskKey()));
        }
        trust(builder, settings);
        return connector(builder, new HandshakeFailureListener(false, null, health == null ? null : health::handshakeFailed),
                DTLSConnector::new);
    }

    /**
     * A server connector bound to the given address. Trusted certificates serve only to verify client certificates:
     * with clientAuthentication NONE they are not used (a consumer may share one SSLContextParameters with producers).
     * With {@link DtlsSettings#cluster()}, a {@link ClusterDtlsConnector}: a node of a Connection-ID cluster, whose
     * {@code health} should then be a {@link DtlsClusterMeter}.
     */
    public static DTLSConnector server(DtlsSettings settings, Configuration configuration, InetSocketAddress address,
                                       DtlsMeter health) {
        CertificateAuthenticationMode clientAuthentication = settings.clientAuthentication();
        if (usesCertificates(settings)) {
            if (settings.privateKey() == null) {
                throw new IllegalArgumentException("A coaps consumer with certificates needs its own private key and "
                                                   + "certificate (keyStore or sslContextParameters with key managers) "
                                                   + "or raw public key (privateKey and publicKey)");
            }
            if (clientAuthentication.useCertificateRequest() && !settings.hasTrust()) {
                throw new IllegalArgumentException("clientAuthentication=" + clientAuthentication + " needs the trusted CA "
                                                   + "roots of the devices: trustStore or sslContextParameters with trust "
                                                   + "managers (for raw public keys: advancedCertificateVerifier or "
                                                   + "trustAllRawPublicKeys=true)");
            }
        }
        DtlsConnectorConfig.Builder builder = base(settings, configuration, address, health)
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY)
                .set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, clientAuthentication);
        if (settings.advancedPskStore() != null) {
            builder.setAdvancedPskStore(settings.advancedPskStore());
        } else if (settings.pskStore() != null) {
            builder.setAdvancedPskStore(new PskStoreAdapter(settings.pskStore()));
        }
        if (clientAuthentication.useCertificateRequest()) {
            trust(builder, settings);
        }
        HandshakeFailureListener failures = new HandshakeFailureListener(true, settings.pskStore(),
                health == null ? null : health::handshakeFailed);
        DtlsClusterSettings cluster = settings.cluster();
        if (cluster == null) {
            return connector(builder, failures, ServerDtlsConnector::create);
        }
        DtlsConnectorConfig config = builder.set(DtlsConfig.DTLS_CONNECTION_ID_NODE_ID, cluster.nodeId())
                .setSessionListener(failures).setConnectionListener(failures).build();
        if (!config.getSupportedCipherSuites().equals(settings.cipherSuites())) {
            throw new IllegalStateException("The cluster connector would offer " + config.getSupportedCipherSuites()
                                            + " instead of " + settings.cipherSuites());
        }
        SecretKey secret = SecretUtil.create(cluster.secret(), "PSK");
        try {
            DtlsClusterConnectorConfig management = DtlsClusterConnectorConfig.builder()
                    .setAddress(managementAddress(cluster, address))
                    .setSecure(DtlsClusterSettings.IDENTITY, secret)
                    .setClusterMac(true)
                    .build();
            ClusterDtlsConnector connector = ClusterDtlsConnector.create(config, management, cluster,
                    health instanceof DtlsClusterMeter meter ? meter : null);
            failures.attach(connector);
            return connector;
        } finally {
            SecretUtil.destroy(secret);
        }
    }

    /** clusterManagementAddress, or the consumer's own host with the port of this node's entry in clusterNodes. */
    private static InetSocketAddress managementAddress(DtlsClusterSettings cluster, InetSocketAddress consumer) {
        if (cluster.managementHost() == null) {
            return new InetSocketAddress(consumer.getAddress(), cluster.managementPort());
        }
        InetSocketAddress address = new InetSocketAddress(cluster.managementHost(), cluster.managementPort());
        if (address.isUnresolved()) {
            throw new IllegalArgumentException("clusterManagementAddress: cannot resolve " + cluster.managementHost());
        }
        return address;
    }

    /**
     * The JSSE context for coaps+tcp (TLS 1.3 and 1.2 with the JVM's cipher suites) from the same certificate
     * settings as DTLS, checked the same way: a client needs the trusted roots, a server its own key and certificate,
     * and trusted roots when it asks for client certificates. Nothing falls back to the JVM's default trust store.
     */
    public static SSLContext tlsContext(DtlsSettings settings, boolean server) throws GeneralSecurityException, IOException {
        if (!server && settings.trustedCertificates().isEmpty()) {
            throw new IllegalArgumentException("coaps+tcp needs the trusted CA roots to verify the server: trustStore or "
                                               + "sslContextParameters with trust managers");
        }
        if (server && settings.privateKey() == null) {
            throw new IllegalArgumentException("A coaps+tcp consumer needs its own private key and certificate: keyStore or "
                                               + "sslContextParameters with key managers");
        }
        if (server && settings.clientAuthentication().useCertificateRequest() && settings.trustedCertificates().isEmpty()) {
            throw new IllegalArgumentException("clientAuthentication=" + settings.clientAuthentication() + " needs the "
                                               + "trusted CA roots of the devices: trustStore or sslContextParameters "
                                               + "with trust managers");
        }
        KeyManager[] keys = null;
        if (settings.privateKey() != null) {
            // an in-memory store only hands the key to JSSE, so its password need not be known to anyone
            char[] password = UUID.randomUUID().toString().toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("identity", settings.privateKey(), password,
                    settings.certificateChain().toArray(new Certificate[0]));
            KeyManagerFactory factory = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            factory.init(store, password);
            keys = factory.getKeyManagers();
        }
        KeyStore roots = KeyStore.getInstance("PKCS12");
        roots.load(null, null);
        int i = 0;
        for (X509Certificate root : settings.trustedCertificates()) {
            roots.setCertificateEntry("root-" + i++, root);
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(roots);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keys, trust.getTrustManagers(), null);
        return context;
    }

    private static DTLSConnector connector(DtlsConnectorConfig.Builder builder, HandshakeFailureListener failures,
                                           Function<DtlsConnectorConfig, DTLSConnector> constructor) {
        DTLSConnector connector = constructor.apply(builder.setSessionListener(failures).setConnectionListener(failures)
                .build());
        failures.attach(connector);
        return connector;
    }

    private static boolean usesCertificates(DtlsSettings settings) {
        return settings.cipherSuites().stream().anyMatch(CipherSuite::requiresServerCertificateMessage);
    }

    private static void trust(DtlsConnectorConfig.Builder builder, DtlsSettings settings) {
        if (settings.certificateVerifier() != null) {
            builder.setAdvancedCertificateVerifier(settings.certificateVerifier());
            return;
        }
        StaticNewAdvancedCertificateVerifier.Builder verifier = StaticNewAdvancedCertificateVerifier.builder();
        if (!settings.trustedCertificates().isEmpty()) {
            // never with an empty list: Scandium would then trust every certificate
            verifier.setTrustedCertificates(settings.trustedCertificates().toArray(new Certificate[0]));
        }
        if (settings.trustAllRawPublicKeys()) {
            verifier.setTrustAllRPKs();
        }
        if (verifier.hasTrusts()) {
            builder.setAdvancedCertificateVerifier(verifier.build());
        }
    }

    private static DtlsConnectorConfig.Builder base(
            DtlsSettings settings, Configuration configuration, InetSocketAddress address, DtlsMeter health) {
        DtlsConnectorConfig.Builder builder = DtlsConnectorConfig.builder(configuration)
                .setAddress(address)
                .set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, settings.recommendedCipherSuitesOnly());
        if (settings.cluster() == null) {
            builder.setAsList(DtlsConfig.DTLS_CIPHER_SUITES, settings.cipherSuites().toArray(new CipherSuite[0]));
        } else {
            // Scandium builds the management channel's connector from this configuration with a PSK store only, so
            // the suites are preselected, not fixed: each connector takes those its credentials allow (the device
            // connector exactly the configured ones, checked in server()), and the management channel a PSK suite
            List<CipherSuite> preselected = new ArrayList<>(settings.cipherSuites());
            if (preselected.stream().noneMatch(CipherSuite::isPskBased)) {
                preselected.add(DtlsSettings.PSK_SUITE);
            }
            builder.set(DtlsConfig.DTLS_CIPHER_SUITES, null)
                    .set(DtlsConfig.DTLS_PRESELECTED_CIPHER_SUITES, preselected);
        }
        if (health != null) {
            builder.setHealthHandler(health);
        }
        if (settings.connectionIdLength() != null) {
            builder.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, settings.connectionIdLength());
        }
        if (settings.publicKey() != null) {
            builder.setCertificateIdentityProvider(new SingleCertificateProvider(settings.privateKey(), settings.publicKey()));
        } else if (settings.privateKey() != null) {
            builder.setCertificateIdentityProvider(new SingleCertificateProvider(
                    settings.privateKey(), settings.certificateChain().toArray(new Certificate[0]),
                    CertificateType.X_509));
        }
        return builder;
    }
}
