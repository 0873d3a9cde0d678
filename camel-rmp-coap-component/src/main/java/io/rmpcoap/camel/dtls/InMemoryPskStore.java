package io.rmpcoap.camel.dtls;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link PskStore} held in memory: the consumer's single {@code pskIdentity}/{@code pskKey} pair, or the
 * {@code identity=key} lines of a properties file.
 */
public final class InMemoryPskStore implements PskStore {

    private final Map<String, byte[]> keys = new ConcurrentHashMap<>();

    /** Adds or replaces one device; the key bytes are copied. */
    public InMemoryPskStore put(String identity, byte[] key) {
        if (identity == null || identity.isEmpty() || key == null || key.length == 0) {
            throw new IllegalArgumentException("A PSK entry needs a non-empty identity and key");
        }
        keys.put(identity, key.clone());
        return this;
    }

    /** Reads {@code identity=key} lines; each key is taken as given (its UTF-8 bytes). */
    public static InMemoryPskStore fromProperties(InputStream in) {
        Properties properties = new Properties();
        try {
            properties.load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the PSK store file", e);
        }
        InMemoryPskStore store = new InMemoryPskStore();
        properties.stringPropertyNames()
                .forEach(identity -> store.put(identity, properties.getProperty(identity).trim().getBytes(StandardCharsets.UTF_8)));
        return store;
    }

    @Override
    public byte[] keyOf(String identity) {
        byte[] key = keys.get(identity);
        return key == null ? null : key.clone();
    }

    /** A digest of the entries, so that stores with equal contents are recognised without revealing them. */
    String fingerprint() {
        try {
            java.security.MessageDigest digest = java.security.MessageDigest.getInstance("SHA-256");
            new java.util.TreeMap<>(keys).forEach((identity, key) -> {
                digest.update(identity.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
                digest.update(key);
                digest.update((byte) 0);
            });
            return java.util.HexFormat.of().formatHex(digest.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public int size() {
        return keys.size();
    }

    @Override
    public String toString() {
        return "InMemoryPskStore[" + keys.size() + " identities]";
    }
}
