package io.rmpcoap.camel.dtls;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;

import io.rmpcoap.camel.RmpCoapConfiguration;
import io.rmpcoap.camel.RmpCoapProvider;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.support.ResourceHelper;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;

/**
 * Assembles an endpoint's {@link DtlsSettings} from its options and its provider: PSK identity and key (or a
 * consumer's PSK store), trusted roots and own certificate from key stores or {@link SSLContextParameters}, the
 * Connection ID length. The options win over the provider.
 */
public final class DtlsCredentials {

    private final RmpCoapConfiguration configuration;
    private final CamelContext context;

    private DtlsCredentials(RmpCoapConfiguration configuration, CamelContext context) {
        this.configuration = configuration;
        this.context = context;
    }

    /**
     * The DTLS settings of an endpoint as a client (producer) or server (consumer).
     *
     * @param context resolves resources (classpath:, file:) of the key stores and the PSK store file
     */
    public static DtlsSettings of(RmpCoapConfiguration configuration, CamelContext context, boolean server)
            throws GeneralSecurityException, IOException {
        return new DtlsCredentials(configuration, context).settings(server);
    }

    private DtlsSettings settings(boolean server) throws GeneralSecurityException, IOException {
        RmpCoapConfiguration c = configuration;
        RmpCoapProvider p = c.getProvider();
        DtlsSettings.Builder builder = DtlsSettings.builder()
                .cipherSuites(c.getCipherSuites())
                .clientAuthentication(c.getClientAuthentication())
                .connectionIdLength(c.getConnectionIdLength());
        String identity = firstNonNull(c.getPskIdentity(), p != null ? p.getPskIdentity() : null);
        byte[] key = pskKey(c.getPskKey(), c.getPskPassword());
        if (key == null && p != null) {
            key = pskKey(p.getPskKey(), p.getPskPassword());
        }
        if ((identity == null) != (key == null)) {
            throw new IllegalArgumentException(
                    identity == null ? "pskKey/pskPassword need a pskIdentity" : "pskIdentity needs a pskKey or pskPassword");
        }
        if (server) {
            builder.cluster(DtlsClusterSettings.of(c.getClusterNodeId(), c.getClusterNodes(),
                    c.getClusterManagementAddress(), c.getClusterSecret(), c.getConnectionIdLength()));
            PskStore store = serverPskStore(identity, key);
            if (store != null) {
                builder.pskStore(store);
            }
        } else if (identity != null) {
            builder.psk(identity, key);
        }
        SSLContextParameters ssl = firstNonNull(c.getSslContextParameters(), p != null ? p.getSslContextParameters() : null);
        KeyStore trustStore = keyStore(c.getTrustStore(), c.getTrustStorePassword());
        KeyStore keyStore = keyStore(c.getKeyStore(), c.getKeyStorePassword());
        String keyPassword = c.getKeyStorePassword();
        if (ssl != null) {
            if (trustStore == null && ssl.getTrustManagers() != null && ssl.getTrustManagers().getKeyStore() != null) {
                trustStore = load(ssl.getTrustManagers().getKeyStore());
            }
            if (keyStore == null && ssl.getKeyManagers() != null && ssl.getKeyManagers().getKeyStore() != null) {
                keyStore = load(ssl.getKeyManagers().getKeyStore());
                keyPassword = firstNonNull(ssl.getKeyManagers().getKeyPassword(),
                        ssl.getKeyManagers().getKeyStore().getPassword());
            }
        }
        if (trustStore != null) {
            builder.trust(KeyMaterial.trustedCertificates(trustStore));
        }
        if (keyStore != null) {
            KeyMaterial.Identity own = KeyMaterial.identity(keyStore, keyPassword == null ? null : keyPassword.toCharArray());
            builder.identity(own.privateKey(), own.chain());
        }
        return builder.build();
    }

    private PskStore serverPskStore(String identity, byte[] key) throws IOException {
        RmpCoapConfiguration c = configuration;
        if (c.getPskStore() != null) {
            return c.getPskStore();
        }
        InMemoryPskStore store = null;
        if (c.getPskStoreFile() != null) {
            try (InputStream in = ResourceHelper.resolveMandatoryResourceAsInputStream(context, c.getPskStoreFile())) {
                store = InMemoryPskStore.fromProperties(in);
            }
        }
        if (identity != null) {
            store = (store != null ? store : new InMemoryPskStore()).put(identity, key);
        }
        return store;
    }

    private static byte[] pskKey(String key, String password) {
        if (key != null) {
            return PskKeys.keyBytesOf(key);
        }
        return password != null ? PskKeys.keyBytes(password) : null;
    }

    private KeyStore keyStore(String resource, String password) throws GeneralSecurityException, IOException {
        if (resource == null) {
            return null;
        }
        KeyStoreParameters parameters = new KeyStoreParameters();
        parameters.setResource(resource);
        parameters.setPassword(password);
        parameters.setType(configuration.getKeyStoreType());
        return load(parameters);
    }

    private KeyStore load(KeyStoreParameters parameters) throws GeneralSecurityException, IOException {
        parameters.setCamelContext(context);
        return parameters.createKeyStore();
    }

    private static <T> T firstNonNull(T first, T second) {
        return first != null ? first : second;
    }
}
