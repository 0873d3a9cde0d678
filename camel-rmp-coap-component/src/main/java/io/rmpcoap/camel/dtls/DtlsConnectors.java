package io.rmpcoap.camel.dtls;

import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.eclipse.californium.elements.Connector;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.DtlsHealth;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;

/**
 * Builds Scandium connectors from {@link DtlsSettings}: the one place where the endpoint's options become a
 * {@link DtlsConnectorConfig}. Scandium's defaults that protect a server stay on (HelloVerifyRequest, anti-replay
 * filter).
 */
public final class DtlsConnectors {

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

    /** A client connector on an ephemeral local port; {@code health} (may be null) counts its handshakes. */
    public static DTLSConnector client(DtlsSettings settings, Configuration configuration, DtlsHealth health) {
        if (usesCertificates(settings) && settings.trustedCertificates().isEmpty()) {
            throw new IllegalArgumentException("coaps with certificates needs the trusted CA roots to verify the server: "
                                               + "trustStore or sslContextParameters with trust managers");
        }
        DtlsConnectorConfig.Builder builder = base(settings, configuration, new InetSocketAddress(0), health)
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY);
        if (settings.pskKey() != null) {
            builder.setAdvancedPskStore(new AdvancedSinglePskStore(settings.pskIdentity(), settings.pskKey()));
        }
        trust(builder, settings);
        return new DTLSConnector(builder.build());
    }

    /**
     * A server connector bound to the given address. Trusted certificates serve only to verify client certificates:
     * with clientAuthentication NONE they are not used (a consumer may share one SSLContextParameters with producers).
     */
    public static DTLSConnector server(DtlsSettings settings, Configuration configuration, InetSocketAddress address,
                                       DtlsHealth health) {
        CertificateAuthenticationMode clientAuthentication = settings.clientAuthentication();
        if (usesCertificates(settings)) {
            if (settings.privateKey() == null) {
                throw new IllegalArgumentException("A coaps consumer with certificates needs its own private key and "
                                                   + "certificate: keyStore or sslContextParameters with key managers");
            }
            if (clientAuthentication.useCertificateRequest() && settings.trustedCertificates().isEmpty()) {
                throw new IllegalArgumentException("clientAuthentication=" + clientAuthentication + " needs the trusted CA "
                                                   + "roots of the devices: trustStore or sslContextParameters with "
                                                   + "trust managers");
            }
        }
        DtlsConnectorConfig.Builder builder = base(settings, configuration, address, health)
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY)
                .set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, clientAuthentication);
        if (settings.pskStore() != null) {
            builder.setAdvancedPskStore(new PskStoreAdapter(settings.pskStore()));
        }
        if (clientAuthentication.useCertificateRequest()) {
            trust(builder, settings);
        }
        return new DTLSConnector(builder.build());
    }

    private static boolean usesCertificates(DtlsSettings settings) {
        return settings.cipherSuites().stream().anyMatch(CipherSuite::requiresServerCertificateMessage);
    }

    private static void trust(DtlsConnectorConfig.Builder builder, DtlsSettings settings) {
        if (!settings.trustedCertificates().isEmpty()) {
            // never with an empty list: Scandium would then trust every certificate
            builder.setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                    .setTrustedCertificates(settings.trustedCertificates().toArray(new Certificate[0]))
                    .build());
        }
    }

    private static DtlsConnectorConfig.Builder base(
            DtlsSettings settings, Configuration configuration, InetSocketAddress address, DtlsHealth health) {
        DtlsConnectorConfig.Builder builder = DtlsConnectorConfig.builder(configuration)
                .setAddress(address)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, settings.cipherSuites().toArray(new CipherSuite[0]));
        if (health != null) {
            builder.setHealthHandler(health);
        }
        if (settings.privateKey() != null) {
            builder.setCertificateIdentityProvider(new SingleCertificateProvider(
                    settings.privateKey(), settings.certificateChain().toArray(new Certificate[0]),
                    CertificateType.X_509));
        }
        return builder;
    }
}
