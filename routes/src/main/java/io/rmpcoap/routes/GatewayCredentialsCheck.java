package io.rmpcoap.routes;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

import org.apache.camel.CamelContext;

/**
 * Fails the gateway's start-up, naming the property and what to set, when a coaps gateway has no device credentials
 * or its credential store file does not exist. The component alone would start with nothing to authenticate devices
 * against, or fail naming neither the property nor what to do.
 */
public final class GatewayCredentialsCheck {

    /** The check's arguments, as placeholders (an unset property is empty); the YAML twin spells the same. */
    static final String[] ARGUMENTS = { GatewayProperties.LISTEN, "{{rmp.gateway.pskStoreFile:}}",
                                        "{{rmp.gateway.pskIdentity:}}", "{{rmp.gateway.keyStore:}}" };

    /**
     * @param  listen                   rmp.gateway.listen
     * @param  pskStoreFile             rmp.gateway.pskStoreFile, empty when unset
     * @param  pskIdentity              rmp.gateway.pskIdentity, empty when unset
     * @param  keyStore                 rmp.gateway.keyStore, empty when unset
     * @throws IllegalArgumentException when a coaps gateway has no credentials or its store file does not exist
     */
    public GatewayCredentialsCheck(String listen, String pskStoreFile, String pskIdentity, String keyStore) {
        if (!listen.trim().toLowerCase(Locale.ROOT).startsWith("coaps:")) {
            return;
        }
        if (blank(pskStoreFile) && blank(pskIdentity) && blank(keyStore)) {
            throw new IllegalArgumentException(
                    "The gateway listens on " + listen + " (coaps) but no device credentials are set: set "
                                               + "rmp.gateway.pskStoreFile to a properties file of identity=key lines (e.g. "
                                               + "file:/etc/rmp-gateway/devices.properties; each key is the PSK key tool's "
                                               + "hex of SHA-256(password)), or rmp.gateway.pskIdentity with "
                                               + "rmp.gateway.pskKey for a single device, or rmp.gateway.keyStore for "
                                               + "certificates (rmp.gateway.security is no longer read)");
        }
        if (!blank(pskStoreFile) && !exists(pskStoreFile.trim())) {
            throw new IllegalArgumentException("rmp.gateway.pskStoreFile names " + pskStoreFile.trim() + ", which does not "
                                               + "exist: give the credential store as file:/path/devices.properties or "
                                               + "classpath:devices.properties");
        }
    }

    /** Checks the context's properties: the Java route's way; the YAML twin constructs the check as a bean. */
    static void check(CamelContext context) {
        String[] values = Arrays.stream(ARGUMENTS).map(context::resolvePropertyPlaceholders).toArray(String[]::new);
        new GatewayCredentialsCheck(values[0], values[1], values[2], values[3]);
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** file: and plain paths are checked on disk, classpath: on the class path; other schemes by the component. */
    private static boolean exists(String resource) {
        if (resource.startsWith("classpath:")) {
            String name = resource.substring("classpath:".length());
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            return (loader != null ? loader : GatewayCredentialsCheck.class.getClassLoader())
                    .getResource(name.startsWith("/") ? name.substring(1) : name) != null;
        }
        if (resource.startsWith("file:") || !resource.matches("^[a-zA-Z][a-zA-Z0-9+.-]+:.*")) {
            return Files.isRegularFile(Path.of(resource.startsWith("file:") ? resource.substring("file:".length()) : resource));
        }
        return true;
    }
}
