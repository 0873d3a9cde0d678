package io.rmpcoap.camel.dtls;

import java.io.ByteArrayInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.net.URL;
import java.util.Enumeration;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import java.util.concurrent.TimeUnit;

import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

import org.eclipse.californium.elements.PersistentComponent;
import org.eclipse.californium.elements.util.EncryptedPersistentComponentUtil;
import org.eclipse.californium.elements.util.StringUtil;
import org.eclipse.californium.scandium.DTLSConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a DTLS server's sessions across a restart in one encrypted file, with Californium's persistence API: the
 * stopped connector is saved ({@link PersistentComponent#save}) through {@link EncryptedPersistentComponentUtil}, and a
 * new connector loads it before it starts. The file is removed once read, so a state is never loaded twice.
 * <p>
 * The file: a plain header (magic, format version, Californium version); then, encrypted by Californium with AES-CBC
 * under a key derived from the password and a random seed, the time of saving and Californium's serialized
 * connections under a pinned label, so that it loads whatever address the new connector binds; last an HMAC-SHA256
 * over all of it (encrypt-then-MAC), checked before anything is decrypted. (Not AES-GCM: Java 17's
 * {@code CipherInputStream} decrypts GCM in quadratic time, 18.6 s for 10,000 sessions.) Anything that cannot be
 * loaded is a WARN naming the file and the reason, and a clean start; the password is never logged.
 */
public final class DtlsSessionStore {

    /** The label the connections are saved under, the same on every host and bind address. */
    static final String LABEL = "rmpcoap:dtls-server";
    private static final byte[] MAGIC = "RMPCOAP-DTLS-SESSIONS".getBytes(StandardCharsets.US_ASCII);
    /** The version of this file layout; a file of another version (or Californium version) is not loaded. */
    static final int FORMAT = 1;
    private static final String CIPHER = "AES/CBC/128";
    private static final String MAC = "HmacSHA256";
    private static final int MAC_LENGTH = 32;
    private static final Logger LOG = LoggerFactory.getLogger(DtlsSessionStore.class);
    private static final String CALIFORNIUM_VERSION = californiumVersion();

    private final Path file;
    private final SecretKey key;
    private final SecretKey macKey;
    private final long maxAgeMillis;

    private DtlsSessionStore(Path file, String password, long maxAgeMillis) {
        this.file = file;
        byte[] secret = password.getBytes(StandardCharsets.UTF_8);
        this.key = new SecretKeySpec(secret, "PW");
        // a key of its own for the MAC, so that it never equals the one Californium derives the cipher key from
        byte[] label = "rmpcoap session store MAC".getBytes(StandardCharsets.US_ASCII);
        this.macKey = new SecretKeySpec(mac(new SecretKeySpec(secret, MAC), label, 0, label.length), MAC);
        this.maxAgeMillis = maxAgeMillis;
    }

    private static byte[] mac(SecretKey key, byte[] data, int offset, int length) {
        try {
            Mac mac = Mac.getInstance(MAC);
            mac.init(key);
            mac.update(data, offset, length);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The JVM offers no " + MAC, e);
        }
    }

    /** The store of the given options, or null when {@code file} is not set. */
    public static DtlsSessionStore of(String file, String password, long maxAgeMillis) {
        if (file == null || file.isBlank()) {
            return null;
        }
        validate(file, password, maxAgeMillis, true);
        return new DtlsSessionStore(Paths.get(file.trim()), password, maxAgeMillis);
    }

    /** Checks the options without touching the file: a bad file is a clean start, never a refused consumer. */
    public static void validate(String file, String password, long maxAgeMillis, boolean secure) {
        if (file == null || file.isBlank()) {
            return;
        }
        if (!secure) {
            throw new IllegalArgumentException("sessionStoreFile needs coaps: plain coap has no sessions to keep");
        }
        if (password == null || password.isEmpty()) {
            throw new IllegalArgumentException("sessionStoreFile needs a sessionStorePassword to encrypt the sessions");
        }
        if (maxAgeMillis < 1000) {
            throw new IllegalArgumentException("sessionStoreMaxAge must be at least 1000 ms, not " + maxAgeMillis);
        }
    }

    /** The file the sessions are kept in. */
    public Path file() {
        return file;
    }

    /**
     * Loads the saved sessions into a connector that has not started yet and removes the file.
     *
     * @return the number of sessions loaded; 0 when there is no file or it cannot be loaded (then WARN)
     */
    public int load(DTLSConnector connector) {
        if (!Files.exists(file)) {
            LOG.debug("No DTLS session store at {}; starting without saved sessions", file);
            return 0;
        }
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException | RuntimeException e) {
            return refuse("cannot be read (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        try {
            Files.delete(file);
        } catch (IOException e) {
            LOG.warn("DTLS session store {} cannot be removed after reading ({}); it is not loaded, so that it is never "
                     + "loaded twice", file, e.getMessage());
            return 0;
        }
        long started = System.nanoTime();
        Pinned pinned = new Pinned(connector);
        int count;
        try {
            count = load(content, pinned);
        } catch (EOFException e) {
            count = refuse("is truncated");
        } catch (IOException e) {
            count = refuse("is damaged (" + e.getMessage() + ")");
        }
        if (pinned.failure != null) {
            connector.clearConnectionState();
            return refuse("is corrupted (" + pinned.failure + ")");
        }
        if (count > 0) {
            LOG.info("Restored {} DTLS sessions from {} in {} ms", count, file,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        }
        return count;
    }

    private int load(byte[] content, Pinned pinned) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(content));
        if (!Arrays.equals(MAGIC, in.readNBytes(MAGIC.length))) {
            return refuse("is not an rmpcoap DTLS session store");
        }
        int format = in.readInt();
        String version = in.readUTF();
        if (format != FORMAT || !version.equals(CALIFORNIUM_VERSION)) {
            return refuse("was written by another version (format " + format + ", Californium " + version + "; this is "
                          + "format " + FORMAT + ", Californium " + CALIFORNIUM_VERSION + ")");
        }
        int headerLength = content.length - in.available();
        int macAt = content.length - MAC_LENGTH;
        if (macAt <= headerLength || !MessageDigest.isEqual(mac(macKey, content, 0, macAt),
                Arrays.copyOfRange(content, macAt, content.length))) {
            return refuse("cannot be decrypted: wrong sessionStorePassword, or the file is truncated or corrupted");
        }
        EncryptedPersistentComponentUtil util = new EncryptedPersistentComponentUtil(CIPHER);
        InputStream encrypted = new ByteArrayInputStream(content, headerLength, macAt - headerLength);
        InputStream decrypting = util.prepare(encrypted, key);
        if (decrypting == encrypted) {
            return refuse("is not encrypted");
        }
        byte[] plain = decrypting.readAllBytes();
        if (plain.length < Long.BYTES) {
            return refuse("cannot be decrypted: unknown cipher");
        }
        DataInputStream state = new DataInputStream(new ByteArrayInputStream(plain));
        long age = System.currentTimeMillis() - state.readLong();
        if (age > maxAgeMillis) {
            return refuse("is older than sessionStoreMaxAge (saved " + age + " ms ago, at most " + maxAgeMillis + " ms)");
        }
        util.add(pinned);
        int count = util.loadComponents(state);
        if (count < 0) {
            return refuse("is corrupted (no start mark)");
        }
        return count;
    }

    private int refuse(String reason) {
        LOG.warn("DTLS session store {} {}; starting without saved sessions", file, reason);
        return 0;
    }

    /**
     * Saves the sessions of a stopped connector, replacing the file atomically; it is readable by its owner only.
     *
     * @return the number of sessions saved, or -1 when they could not be saved (then WARN)
     */
    public int save(DTLSConnector connector) {
        long started = System.nanoTime();
        Path tmp = null;
        try {
            Path directory = file.toAbsolutePath().getParent();
            Files.createDirectories(directory);
            tmp = Files.createTempFile(directory, file.getFileName().toString(), ".tmp", ownerOnly(directory));
            int count;
            Mac mac = Mac.getInstance(MAC);
            mac.init(macKey);
            try (OutputStream stream = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                OutputStream out = new FilterOutputStream(stream) {
                    @Override
                    public void write(int b) throws IOException {
                        mac.update((byte) b);
                        stream.write(b);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        mac.update(b, off, len);
                        stream.write(b, off, len);
                    }

                    @Override
                    public void close() {
                        // the MAC follows; the outer try closes the file
                    }
                };
                DataOutputStream header = new DataOutputStream(out);
                header.write(MAGIC);
                header.writeInt(FORMAT);
                header.writeUTF(CALIFORNIUM_VERSION);
                header.flush();
                EncryptedPersistentComponentUtil util = new EncryptedPersistentComponentUtil(CIPHER);
                util.add(new Pinned(connector));
                OutputStream encrypting = util.prepare(out, key);
                if (encrypting == out) {
                    throw new IOException("the JVM offers no " + CIPHER + " cipher; nothing is saved unencrypted");
                }
                DataOutputStream state = new DataOutputStream(encrypting);
                state.writeLong(System.currentTimeMillis());
                state.flush();
                count = util.saveComponents(encrypting, TimeUnit.MILLISECONDS.toSeconds(maxAgeMillis));
                encrypting.close(); // writes the last block
                stream.write(mac.doFinal());
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.info("Saved {} DTLS sessions to {} in {} ms ({} bytes)", count, file,
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), Files.size(file));
            return count;
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            LOG.warn("DTLS sessions cannot be saved to {} ({}: {}); devices will handshake again after the restart", file,
                    e.getClass().getSimpleName(), e.getMessage());
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // the WARN above already says that nothing was saved
                }
            }
            return -1;
        }
    }

    private static FileAttribute<?>[] ownerOnly(Path directory) {
        return directory.getFileSystem().supportedFileAttributeViews().contains("posix")
                ? new FileAttribute<?>[] { PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")) }
                : new FileAttribute<?>[0];
    }

    /** Scandium's version (its serialization may change between versions), from its bundle manifest. */
    private static String californiumVersion() {
        if (StringUtil.CALIFORNIUM_VERSION != null) {
            return StringUtil.CALIFORNIUM_VERSION;
        }
        try {
            Enumeration<URL> manifests = DTLSConnector.class.getClassLoader().getResources("META-INF/MANIFEST.MF");
            while (manifests.hasMoreElements()) {
                try (InputStream in = manifests.nextElement().openStream()) {
                    Attributes main = new Manifest(in).getMainAttributes();
                    if ("org.eclipse.californium.scandium".equals(main.getValue("Bundle-SymbolicName"))) {
                        return main.getValue("Bundle-Version");
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            // unknown, as below
        }
        return "unknown";
    }

    @Override
    public String toString() {
        return "DtlsSessionStore[" + file + ", password=******]";
    }

    /** The connector under the pinned label; remembers why loading failed (Californium only logs it). */
    private static final class Pinned implements PersistentComponent {
        private final PersistentComponent connector;
        private String failure;

        Pinned(PersistentComponent connector) {
            this.connector = connector;
        }

        @Override
        public String getLabel() {
            return LABEL;
        }

        @Override
        public int save(OutputStream out, long staleThresholdInSeconds) throws IOException {
            return connector.save(out, staleThresholdInSeconds);
        }

        @Override
        public int load(InputStream in, long deltaNanos) throws IOException {
            try {
                return connector.load(in, deltaNanos);
            } catch (IOException | RuntimeException e) {
                failure = e.getClass().getSimpleName() + ": " + e.getMessage();
                throw e;
            }
        }
    }
}
