package io.rmpcoap.camel.test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away PKI generated at test time (nothing of it is committed): an EC P-256 CA with a server certificate
 * (SAN IP 127.0.0.1 and DNS localhost), a server certificate for another host and a client certificate, and a second, "rogue" CA with a server certificate
 * and a client certificate of its own, as valid for 127.0.0.1 and as the device but trusted by nobody.
 * <p>
 * Everything is written twice into the directory: as PEM for libcoap/OpenSSL (certificates, keys as unencrypted
 * PKCS#8 "PRIVATE KEY") and as PKCS12 stores with password {@link #PASSWORD} for rmpcoap's keyStore/trustStore
 * options and Camel's SSLContextParameters.
 */
public final class TestPki {

    /** The password of every PKCS12 store, and of the keys in it. */
    public static final String PASSWORD = "changeit-test";
    /** The store type of every key store written. */
    public static final String STORE_TYPE = "PKCS12";

    private static final GeneralName[] LOCAL_NAMES = {
            new GeneralName(GeneralName.iPAddress, "127.0.0.1"), new GeneralName(GeneralName.dNSName, "localhost") };
    private static final AtomicLong SERIAL = new AtomicLong(System.currentTimeMillis());

    /** A certificate authority: its certificate, as PEM and as a PKCS12 trust store. */
    public record Authority(String name, X509Certificate certificate, PrivateKey privateKey, Path pem, Path trustStore) {

        /** The store as an rmpcoap/Camel resource, {@code file:...}. */
        public String trustStoreUri() {
            return "file:" + trustStore;
        }
    }

    /** An end entity: its key and chain (own certificate first), as PEM and as a PKCS12 key store. */
    public record Identity(String name, PrivateKey privateKey, List<X509Certificate> chain, Path certificatePem,
                           Path keyPem, Path keyStore) {

        public X509Certificate certificate() {
            return chain.get(0);
        }

        /** The subject as {@code X500Principal.getName()} spells it (RFC 2253). */
        public String subject() {
            return certificate().getSubjectX500Principal().getName();
        }

        /** The store as an rmpcoap/Camel resource, {@code file:...}. */
        public String keyStoreUri() {
            return "file:" + keyStore;
        }
    }

    private final Path dir;
    private final Authority ca;
    private final Identity server;
    private final Identity otherHost;
    private final Identity client;
    private final Authority rogueCa;
    private final Identity rogueServer;
    private final Identity rogueClient;

    private TestPki(Path dir) throws GeneralSecurityException, IOException, OperatorCreationException {
        this.dir = dir;
        this.ca = authority("ca", "CN=rmpcoap test CA,O=rmpcoap tests");
        this.server = endEntity("server", "CN=localhost,O=rmpcoap tests", ca, KeyPurposeId.id_kp_serverAuth, LOCAL_NAMES);
        this.otherHost = endEntity("other-host", "CN=other.example,O=rmpcoap tests", ca, KeyPurposeId.id_kp_serverAuth,
                new GeneralName(GeneralName.iPAddress, "10.9.9.9"), new GeneralName(GeneralName.dNSName, "other.example"));
        this.client = endEntity("client", "CN=device-42,OU=devices,O=rmpcoap tests", ca, KeyPurposeId.id_kp_clientAuth);
        this.rogueCa = authority("rogue-ca", "CN=rogue CA,O=nobody trusts this");
        this.rogueServer = endEntity("rogue-server", "CN=localhost,O=nobody trusts this", rogueCa,
                KeyPurposeId.id_kp_serverAuth, LOCAL_NAMES);
        this.rogueClient = endEntity("rogue-client", "CN=device-42,OU=devices,O=nobody trusts this", rogueCa,
                KeyPurposeId.id_kp_clientAuth);
    }

    /** Generates the PKI into the directory (e.g. a JUnit {@code @TempDir}). */
    public static TestPki create(Path dir) {
        try {
            Files.createDirectories(dir);
            return new TestPki(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("Cannot generate the test PKI", e);
        }
    }

    public Path dir() {
        return dir;
    }

    /** The CA that signed {@link #server()} and {@link #client()}. */
    public Authority ca() {
        return ca;
    }

    /** The server certificate for 127.0.0.1 and localhost, signed by {@link #ca()}. */
    public Identity server() {
        return server;
    }

    /** A server certificate signed by {@link #ca()}, but for other.example and 10.9.9.9, not for this host. */
    public Identity otherHost() {
        return otherHost;
    }

    /** A device's client certificate, signed by {@link #ca()}. */
    public Identity client() {
        return client;
    }

    /** A CA that nobody trusts. */
    public Authority rogueCa() {
        return rogueCa;
    }

    /** A server certificate for 127.0.0.1 and localhost, signed by {@link #rogueCa()}. */
    public Identity rogueServer() {
        return rogueServer;
    }

    /** A client certificate with the same subject as {@link #client()}, but signed by {@link #rogueCa()}. */
    public Identity rogueClient() {
        return rogueClient;
    }

    private Authority authority(String name, String subject)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        KeyPair keys = ecKeyPair();
        X500Name x500 = new X500Name(subject);
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = builder(x500, x500, keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()));
        X509Certificate certificate = sign(builder, keys.getPrivate());
        Path pem = writePem(dir.resolve(name + ".pem"), certificate);
        KeyStore store = emptyStore();
        store.setCertificateEntry(name, certificate);
        Path trustStore = writeStore(dir.resolve(name + "-truststore.p12"), store);
        return new Authority(name, certificate, keys.getPrivate(), pem, trustStore);
    }

    private Identity endEntity(String name, String subject, Authority issuer, KeyPurposeId purpose,
                                GeneralName... names)
            throws GeneralSecurityException, IOException, OperatorCreationException {
        KeyPair keys = ecKeyPair();
        JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
        X509v3CertificateBuilder builder = builder(
                X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded()), new X500Name(subject), keys)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose))
                .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(keys.getPublic()))
                .addExtension(Extension.authorityKeyIdentifier, false,
                        extensions.createAuthorityKeyIdentifier(issuer.certificate()));
        if (names.length > 0) {
            builder.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(names));
        }
        X509Certificate certificate = sign(builder, issuer.privateKey());
        List<X509Certificate> chain = List.of(certificate, issuer.certificate());
        Path certificatePem = writePem(dir.resolve(name + ".pem"), certificate);
        Path keyPem = writePem(dir.resolve(name + ".key"), keys.getPrivate());
        KeyStore store = emptyStore();
        store.setKeyEntry(name, keys.getPrivate(), PASSWORD.toCharArray(), chain.toArray(new Certificate[0]));
        Path keyStore = writeStore(dir.resolve(name + ".p12"), store);
        return new Identity(name, keys.getPrivate(), chain, certificatePem, keyPem, keyStore);
    }

    private static KeyPair ecKeyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
        return generator.generateKeyPair();
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(2))),
                subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey issuerKey)
            throws GeneralSecurityException, OperatorCreationException {
        return new JcaX509CertificateConverter().getCertificate(
                builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(issuerKey)));
    }

    private static KeyStore emptyStore() throws GeneralSecurityException, IOException {
        KeyStore store = KeyStore.getInstance(STORE_TYPE);
        store.load(null, null);
        return store;
    }

    private static Path writeStore(Path file, KeyStore store) throws GeneralSecurityException, IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSWORD.toCharArray());
        }
        return file;
    }

    /** Certificates as "CERTIFICATE", private keys as PKCS#8 "PRIVATE KEY" (what OpenSSL and libcoap read). */
    private static Path writePem(Path file, Object object) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            if (object instanceof PrivateKey key) {
                writer.writeObject(new org.bouncycastle.util.io.pem.PemObject("PRIVATE KEY", key.getEncoded()));
            } else {
                writer.writeObject(object);
            }
        }
        Files.writeString(file, text.toString(), StandardCharsets.US_ASCII);
        return file;
    }

    /**
     * A JSSE context for Californium's TLS connectors: trusting the authority's certificate, presenting the identity's
     * (either may be null).
     */
    public static SSLContext sslContext(Identity identity, Authority trusted) {
        try {
            KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            KeyStore keyStore = emptyStore();
            if (identity != null) {
                keyStore.setKeyEntry(identity.name(), identity.privateKey(), PASSWORD.toCharArray(),
                        identity.chain().toArray(new Certificate[0]));
            }
            keys.init(keyStore, PASSWORD.toCharArray());
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            KeyStore trustStore = emptyStore();
            if (trusted != null) {
                trustStore.setCertificateEntry(trusted.name(), trusted.certificate());
            }
            trust.init(trustStore);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("Cannot build the TLS context", e);
        }
    }

    @Override
    public String toString() {
        return "TestPki[" + dir + "]";
    }
}
