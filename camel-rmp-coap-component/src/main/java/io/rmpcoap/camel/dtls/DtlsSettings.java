package io.rmpcoap.camel.dtls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;

/**
 * The DTLS credentials and policy of one endpoint, resolved from its options. Holds secrets: {@link #toString()}
 * masks them, and {@link #sharingKey()} identifies the credentials by digest only.
 */
public final class DtlsSettings {

    /** The platform guide's suite for pre-shared keys. */
    public static final CipherSuite PSK_SUITE = CipherSuite.TLS_PSK_WITH_AES_128_CCM_8;
    /** The platform guide's suite for certificates. */
    public static final CipherSuite CERTIFICATE_SUITE = CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8;
    /** The longest DTLS Connection ID an endpoint issues: 16 bytes already give 2^128 IDs. */
    public static final int MAX_CONNECTION_ID_LENGTH = 16;

    private final String pskIdentity;
    private final byte[] pskKey;
    private final PskStore pskStore;
    private final List<X509Certificate> trustedCertificates;
    private final PrivateKey privateKey;
    private final List<X509Certificate> certificateChain;
    private final List<CipherSuite> cipherSuites;
    private final CertificateAuthenticationMode clientAuthentication;
    private final Integer connectionIdLength;
    private final DtlsClusterSettings cluster;

    private DtlsSettings(Builder b) {
        this.pskIdentity = b.pskIdentity;
        this.pskKey = b.pskKey;
        this.pskStore = b.pskStore;
        this.trustedCertificates = List.copyOf(b.trustedCertificates);
        this.privateKey = b.privateKey;
        this.certificateChain = List.copyOf(b.certificateChain);
        this.clientAuthentication = b.clientAuthentication;
        this.connectionIdLength = b.connectionIdLength;
        this.cluster = b.cluster;
        this.cipherSuites = b.cipherSuites.isEmpty() ? defaultSuites() : List.copyOf(b.cipherSuites);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether PSK credentials (a client's identity and key, or a server's store) are configured. */
    public boolean hasPsk() {
        return pskKey != null || pskStore != null;
    }

    /** Whether certificate material (trusted roots, or an own key and chain) is configured. */
    public boolean hasCertificates() {
        return !trustedCertificates.isEmpty() || privateKey != null;
    }

    private List<CipherSuite> defaultSuites() {
        List<CipherSuite> suites = new ArrayList<>(2);
        if (hasPsk()) {
            suites.add(PSK_SUITE);
        }
        if (hasCertificates()) {
            suites.add(CERTIFICATE_SUITE);
        }
        return List.copyOf(suites);
    }

    public String pskIdentity() {
        return pskIdentity;
    }

    byte[] pskKey() {
        return pskKey;
    }

    PskStore pskStore() {
        return pskStore;
    }

    public List<X509Certificate> trustedCertificates() {
        return trustedCertificates;
    }

    PrivateKey privateKey() {
        return privateKey;
    }

    public List<X509Certificate> certificateChain() {
        return certificateChain;
    }

    public List<CipherSuite> cipherSuites() {
        return cipherSuites;
    }

    public CertificateAuthenticationMode clientAuthentication() {
        return clientAuthentication;
    }

    /** The DTLS Connection ID length (RFC 9146), or null when the extension is off. */
    public Integer connectionIdLength() {
        return connectionIdLength;
    }

    /** The Connection-ID cluster this server is a node of, or null. */
    public DtlsClusterSettings cluster() {
        return cluster;
    }

    /**
     * Identifies these credentials without revealing them, so that producers with equal credentials share one DTLS
     * client endpoint (and so one session per device).
     */
    public String sharingKey() {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            update(digest, pskIdentity == null ? "" : pskIdentity);
            digest.update(pskKey == null ? new byte[0] : pskKey);
            update(digest, pskStore == null ? "" : pskStore instanceof InMemoryPskStore memory
                    ? memory.fingerprint() : pskStore.getClass().getName() + "@" + System.identityHashCode(pskStore));
            for (X509Certificate c : trustedCertificates) {
                digest.update(c.getEncoded());
            }
            for (X509Certificate c : certificateChain) {
                digest.update(c.getEncoded());
            }
            update(digest, cipherSuites.toString());
            // a consumer that asks for client certificates must not share a port with one that does not
            update(digest, clientAuthentication.name());
            update(digest, String.valueOf(connectionIdLength));
            if (cluster != null) {
                update(digest, cluster.fingerprint());
                digest.update(cluster.secret());
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException("Cannot fingerprint the DTLS credentials", e);
        }
    }

    private static void update(MessageDigest digest, String text) {
        digest.update(text.getBytes(StandardCharsets.UTF_8));
        digest.update((byte) 0);
    }

    @Override
    public String toString() {
        return "DtlsSettings[suites=" + cipherSuites
               + (pskIdentity != null ? ", pskIdentity=" + pskIdentity : "")
               + (pskKey != null ? ", pskKey=******" : "")
               + (pskStore != null ? ", pskStore=" + pskStore.getClass().getSimpleName() : "")
               + ", trusted=" + trustedCertificates.size()
               + (privateKey != null ? ", certificate=" + certificateChain.get(0).getSubjectX500Principal().getName() : "")
               + ", clientAuthentication=" + clientAuthentication
               + (connectionIdLength != null ? ", connectionIdLength=" + connectionIdLength : "")
               + (cluster != null ? ", " + cluster : "") + "]";
    }

    public static final class Builder {
        private String pskIdentity;
        private byte[] pskKey;
        private PskStore pskStore;
        private final List<X509Certificate> trustedCertificates = new ArrayList<>();
        private PrivateKey privateKey;
        private final List<X509Certificate> certificateChain = new ArrayList<>();
        private final List<CipherSuite> cipherSuites = new ArrayList<>();
        private CertificateAuthenticationMode clientAuthentication = CertificateAuthenticationMode.NONE;
        private Integer connectionIdLength;
        private DtlsClusterSettings cluster;

        private Builder() {
        }

        /** A client's PSK credentials. */
        public Builder psk(String identity, byte[] key) {
            this.pskIdentity = identity;
            this.pskKey = key.clone();
            return this;
        }

        /** A server's PSK credentials. */
        public Builder pskStore(PskStore store) {
            this.pskStore = store;
            return this;
        }

        public Builder trust(List<X509Certificate> certificates) {
            this.trustedCertificates.addAll(certificates);
            return this;
        }

        public Builder identity(PrivateKey key, List<X509Certificate> chain) {
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("The private key has no certificate chain");
            }
            this.privateKey = key;
            this.certificateChain.addAll(chain);
            return this;
        }

        /**
         * Comma-separated suite names, e.g. TLS_PSK_WITH_AES_128_CCM_8. Unknown names fail with a message that names
         * them.
         */
        public Builder cipherSuites(String names) {
            if (names == null || names.isBlank()) {
                return this;
            }
            for (String name : names.split(",")) {
                String trimmed = name.trim().toUpperCase(Locale.ROOT);
                CipherSuite suite = CipherSuite.getTypeByName(trimmed);
                if (suite == null || !suite.isValidForNegotiation() || !suite.isSupported() || !suite.isRecommended()) {
                    throw new IllegalArgumentException("cipherSuites: " + name.trim() + " is unknown, unsupported or not "
                                                       + "recommended (CBC suites are refused); use e.g. " + PSK_SUITE + ", "
                                                       + CERTIFICATE_SUITE);
                }
                cipherSuites.add(suite);
            }
            return this;
        }

        public Builder clientAuthentication(CertificateAuthenticationMode mode) {
            this.clientAuthentication = mode;
            return this;
        }

        /** The Connection ID length in bytes, 0 to {@link #MAX_CONNECTION_ID_LENGTH}; null turns the extension off. */
        public Builder connectionIdLength(Integer length) {
            if (length != null && (length < 0 || length > MAX_CONNECTION_ID_LENGTH)) {
                throw new IllegalArgumentException("connectionIdLength must be from 0 to " + MAX_CONNECTION_ID_LENGTH
                                                   + " bytes (or not set, for no Connection ID), not " + length);
            }
            this.connectionIdLength = length;
            return this;
        }

        /** Makes a server a node of a Connection-ID cluster (null: none). */
        public Builder cluster(DtlsClusterSettings cluster) {
            this.cluster = cluster;
            return this;
        }

        public DtlsSettings build() {
            DtlsSettings settings = new DtlsSettings(this);
            if (settings.cipherSuites.isEmpty()) {
                throw new IllegalArgumentException(
                        "coaps needs credentials: pskIdentity with pskKey or pskPassword (a consumer: pskStore or pskStoreFile), "
                                                   + "or certificates (sslContextParameters, trustStore or keyStore)");
            }
            for (CipherSuite suite : settings.cipherSuites) {
                if (suite.isPskBased() && !settings.hasPsk()) {
                    throw new IllegalArgumentException("cipherSuites: " + suite + " needs PSK credentials");
                }
                if (suite.requiresServerCertificateMessage() && !settings.hasCertificates()) {
                    throw new IllegalArgumentException("cipherSuites: " + suite + " needs certificates");
                }
            }
            return settings;
        }
    }
}
