package io.rmpcoap.camel.dtls;

import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
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

    /**
     * The private key and chain of the store's key entry of the given alias, or without an alias of its only (or
     * first) key entry.
     */
    public static Identity identity(KeyStore store, char[] keyPassword, String alias) throws GeneralSecurityException {
        if (alias != null) {
            if (!store.isKeyEntry(alias)) {
                throw new GeneralSecurityException("alias " + alias + " is not a private key entry of the key store");
            }
            return identityOf(store, alias, keyPassword);
        }
        for (String name : Collections.list(store.aliases())) {
            if (store.isKeyEntry(name)) {
                return identityOf(store, name, keyPassword);
            }
        }
        throw new GeneralSecurityException("The key store holds no private key entry");
    }

    private static Identity identityOf(KeyStore store, String alias, char[] keyPassword) throws GeneralSecurityException {
        PrivateKey key = (PrivateKey) store.getKey(alias, keyPassword);
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : store.getCertificateChain(alias)) {
            chain.add((X509Certificate) c);
        }
        return new Identity(key, chain);
    }

    /**
     * Whether the two keys are one EC or EdDSA pair: a signature made with the private key verifies with the public
     * key.
     */
    public static boolean isKeyPair(PrivateKey privateKey, PublicKey publicKey) {
        String algorithm = switch (publicKey.getAlgorithm()) {
            case "EC" -> "SHA256withECDSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            case "Ed448" -> "Ed448";
            default -> null;
        };
        if (algorithm == null) {
            return false;
        }
        try {
            byte[] probe = new byte[32];
            new SecureRandom().nextBytes(probe);
            Signature signer = Signature.getInstance(algorithm);
            signer.initSign(privateKey);
            signer.update(probe);
            byte[] signature = signer.sign();
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(publicKey);
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** A private key with its certificate chain, the own certificate first. */
    public record Identity(PrivateKey privateKey, List<X509Certificate> chain) {
        @Override
        public String toString() {
            return "Identity[" + chain.get(0).getSubjectX500Principal().getName() + "]";
        }
    }
}
