package io.rmpcoap.camel.dtls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Reads DTLS certificate material out of Java key stores (as Camel's {@code KeyStoreParameters} load them).
 */
public final class KeyMaterial {

    private KeyMaterial() {
    }

    /** Every certificate of the store, trusted-certificate entries and the chains of key entries alike. */
    public static List<X509Certificate> trustedCertificates(KeyStore store) throws GeneralSecurityException {
        List<X509Certificate> certificates = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            // getCertificate gives only a key entry's own certificate, not the CA certificates of its chain
            Certificate[] chain = store.isKeyEntry(alias) ? store.getCertificateChain(alias) : null;
            for (Certificate certificate : chain != null ? chain : new Certificate[] { store.getCertificate(alias) }) {
                if (certificate instanceof X509Certificate x509 && !certificates.contains(x509)) {
                    certificates.add(x509);
                }
            }
        }
        if (certificates.isEmpty()) {
            throw new GeneralSecurityException("The trust store holds no X.509 certificate (or needs its password to show "
                                               + "them)");
        }
        return certificates;
    }

    /** The private key and chain of the store's only (or first) key entry. */
    public static Identity identity(KeyStore store, char[] keyPassword) throws GeneralSecurityException {
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias)) {
                PrivateKey key = (PrivateKey) store.getKey(alias, keyPassword);
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate c : store.getCertificateChain(alias)) {
                    chain.add((X509Certificate) c);
                }
                return new Identity(key, chain);
            }
        }
        throw new GeneralSecurityException("The key store holds no private key entry");
    }

    /** A private key with its certificate chain, the own certificate first. */
    public record Identity(PrivateKey privateKey, List<X509Certificate> chain) {
        @Override
        public String toString() {
            return "Identity[" + chain.get(0).getSubjectX500Principal().getName() + "]";
        }
    }
}
