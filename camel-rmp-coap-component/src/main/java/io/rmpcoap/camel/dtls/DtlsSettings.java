package io.rmpcoap.camel.dtls;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.dtls.x509.NewAdvancedCertificateVerifier;

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
    private final AdvancedPskStore advancedPskStore;
    private final List<X509Certificate> trustedCertificates;
    private final NewAdvancedCertificateVerifier certificateVerifier;
    private final boolean trustAllRawPublicKeys;
    private final PrivateKey privateKey;
    private final List<X509Certificate> certificateChain;
    private final PublicKey publicKey;
    private final List<CipherSuite> cipherSuites;
    private final boolean recommendedCipherSuitesOnly;
    private final CertificateAuthenticationMode clientAuthentication;
    private final Integer connectionIdLength;
    private final DtlsClusterSettings cluster;

    private DtlsSettings(Builder b) {
        this.pskIdentity = b.pskIdentity;
        this.pskKey = b.pskKey;
        this.pskStore = b.pskStore;
        this.advancedPskStore = b.advancedPskStore;
        this.trustedCertificates = List.copyOf(b.trustedCertificates);
        this.certificateVerifier = b.certificateVerifier;
        this.trustAllRawPublicKeys = b.trustAllRawPublicKeys;
        this.privateKey = b.privateKey;
        this.certificateChain = List.copyOf(b.certificateChain);
        this.publicKey = b.publicKey;
        this.recommendedCipherSuitesOnly = b.recommendedCipherSuitesOnly;
        this.clientAuthentication = b.clientAuthentication;
        this.connectionIdLength = b.connectionIdLength;
        this.cluster = b.cluster;
        this.cipherSuites = b.cipherSuites.isEmpty() ? defaultSuites() : List.copyOf(b.cipherSuites);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Whether PSK credentials (a client's identity and key, a server's store, or an AdvancedPskStore) are configured. */
    public boolean hasPsk() {
        return pskKey != null || pskStore != null || advancedPskStore != null;
    }

    /**
     * Whether certificate or raw public key material (trusted roots, a verifier, or an own key with a chain or a public
     * key) is configured.
     */
    public boolean hasCertificates() {
        return hasTrust() || privateKey != null;
    }

    /** Whether peers' certificates or raw public keys can be verified: roots, a verifier, or trust in every RPK. */
    public boolean hasTrust() {
        return !trustedCertificates.isEmpty() || certificateVerifier != null || trustAllRawPublicKeys;
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

    AdvancedPskStore advancedPskStore() {
        return advancedPskStore;
    }

    /** The integrator's verifier (or one trusting every raw public key), which decides trust instead of the roots. */
    NewAdvancedCertificateVerifier certificateVerifier() {
        return certificateVerifier;
    }

    /** Whether every peer's raw public key is trusted (explicitly configured; never the default). */
    boolean trustAllRawPublicKeys() {
        return trustAllRawPublicKeys;
    }

    /** The own raw public key (RFC 7250), with privateKey; null when the own identity is a certificate chain. */
    PublicKey publicKey() {
        return publicKey;
    }

    public boolean recommendedCipherSuitesOnly() {
        return recommendedCipherSuitesOnly;
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
            update(digest, identityOf(advancedPskStore));
            update(digest, identityOf(certificateVerifier));
            update(digest, String.valueOf(trustAllRawPublicKeys));
            digest.update(publicKey == null ? new byte[0] : publicKey.getEncoded());
            update(digest, String.valueOf(recommendedCipherSuitesOnly));
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

    /** A bean by identity: the same instance shares an endpoint, another one does not. */
    private static String identityOf(Object bean) {
        return bean == null ? "" : bean.getClass().getName() + "@" + System.identityHashCode(bean);
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
               + (advancedPskStore != null ? ", advancedPskStore=" + advancedPskStore.getClass().getSimpleName() : "")
               + ", trusted=" + trustedCertificates.size()
               + (certificateVerifier != null ? ", verifier=" + certificateVerifier.getClass().getSimpleName() : "")
               + (trustAllRawPublicKeys ? ", trustAllRawPublicKeys" : "")
               + (publicKey != null ? ", rawPublicKey=" + publicKey.getAlgorithm()
                       : privateKey != null ? ", certificate=" + certificateChain.get(0).getSubjectX500Principal().getName()
                       : "")
               + ", clientAuthentication=" + clientAuthentication
               + (connectionIdLength != null ? ", connectionIdLength=" + connectionIdLength : "")
               + (cluster != null ? ", " + cluster : "") + "]";
    }

    public static final class Builder {
        private String pskIdentity;
        private byte[] pskKey;
        private PskStore pskStore;
        private AdvancedPskStore advancedPskStore;
        private final List<X509Certificate> trustedCertificates = new ArrayList<>();
        private NewAdvancedCertificateVerifier certificateVerifier;
        private boolean trustAllRawPublicKeys;
        private PrivateKey privateKey;
        private final List<X509Certificate> certificateChain = new ArrayList<>();
        private PublicKey publicKey;
        private final List<CipherSuite> cipherSuites = new ArrayList<>();
        private boolean recommendedCipherSuitesOnly = true;
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

        /** Scandium's own PSK store, for a client or a server, in place of the PSK options. */
        public Builder advancedPskStore(AdvancedPskStore store) {
            this.advancedPskStore = store;
            return this;
        }

        /** A verifier that decides which peer certificates and raw public keys to trust, in place of trusted roots. */
        public Builder certificateVerifier(NewAdvancedCertificateVerifier verifier) {
            this.certificateVerifier = verifier;
            return this;
        }

        /** Trust every peer's raw public key: only when explicitly configured. */
        public Builder trustAllRawPublicKeys(boolean trustAll) {
            this.trustAllRawPublicKeys = trustAll;
            return this;
        }

        /** An own raw public key identity (RFC 7250). */
        public Builder rawPublicKey(PrivateKey key, PublicKey publicKey) {
            this.privateKey = key;
            this.publicKey = publicKey;
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
         * Comma-separated suite names, e.g. TLS_PSK_WITH_AES_128_CCM_8. Unknown names, and with recommendedOnly the
         * suites Scandium does not recommend (CBC), fail with a message that names them.
         */
        public Builder cipherSuites(String names, boolean recommendedOnly) {
            this.recommendedCipherSuitesOnly = recommendedOnly;
            if (names == null || names.isBlank()) {
                return this;
            }
            for (String name : names.split(",")) {
                String trimmed = name.trim().toUpperCase(Locale.ROOT);
                CipherSuite suite = CipherSuite.getTypeByName(trimmed);
                if (suite == null || !suite.isValidForNegotiation() || !suite.isSupported()) {
                    throw new IllegalArgumentException("cipherSuites: " + name.trim() + " is unknown or unsupported; use "
                                                       + "e.g. " + PSK_SUITE + ", " + CERTIFICATE_SUITE);
                }
                if (recommendedOnly && !suite.isRecommended()) {
                    throw new IllegalArgumentException("cipherSuites: " + name.trim() + " is not recommended (CBC "
                                                       + "suites are refused unless recommendedCipherSuitesOnly=false); use "
                                                       + "e.g. " + PSK_SUITE + ", " + CERTIFICATE_SUITE);
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
                                                   + "advancedPskStore, certificates (sslContextParameters, trustStore or "
                                                   + "keyStore), or raw public keys (privateKey and publicKey, "
                                                   + "advancedCertificateVerifier)");
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
