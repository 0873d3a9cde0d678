package io.rmpcoap.camel;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedCamelContext;
import org.apache.camel.spi.ContextServicePlugin;
import org.apache.camel.util.SensitiveUtils;
import org.apache.camel.util.URISupport;

/**
 * Camel masks options and properties by name: those in its own list (password, keyStorePassword, ...) and the
 * context's additional sensitive keywords, in the endpoint URIs and route definitions it prints and in Camel Main's
 * property and Kamelet parameter summaries. This adds rmpcoap's other secrets to that list: the PSK key, the password
 * it is derived from, and the Proxy-Uri, which carries a device's AuthToken ({@code key=...}). Loaded by Camel's
 * service loader when a context starts, so that routes are masked before the component is first used.
 */
public final class RmpCoapSensitiveKeywords implements ContextServicePlugin {

    /** The option names Camel does not know as secrets by itself. */
    public static final List<String> KEYWORDS = List.of("pskKey", "pskPassword", "proxyUri");

    private static final Pattern SECRET_OPTION = Pattern.compile(
            "([?&](?:pskKey|pskPassword|proxyUri|keyStorePassword|trustStorePassword|clusterSecret)=)(RAW\\([^)]*\\)|RAW\\{[^}]*}|[^&]*)",
            Pattern.CASE_INSENSITIVE);

    @Override
    public void load(CamelContext context) {
        register(context);
    }

    /** Adds {@link #KEYWORDS} to the context's additional sensitive keywords, keeping those already there. */
    static void register(CamelContext context) {
        ExtendedCamelContext extension = context.getCamelContextExtension();
        String keywords = extension.getAdditionalSensitiveKeywords();
        StringBuilder all = new StringBuilder(keywords == null ? "" : keywords);
        boolean added = false;
        for (String keyword : KEYWORDS) {
            if (!all.toString().toLowerCase(Locale.ROOT).contains(keyword.toLowerCase(Locale.ROOT))) {
                all.append(all.isEmpty() ? "" : ",").append(keyword);
                added = true;
            }
        }
        if (added) {
            extension.setAdditionalSensitiveKeywords(all.toString());
            // Camel's URI sanitizer masks only the first option matching these extra keywords (replaceFirst), so they
            // are narrowed to those its own list does not already mask in URIs (pskPassword contains "password")
            URISupport.addSanitizeKeywords(Arrays.stream(all.toString().split(","))
                    .filter(keyword -> SensitiveUtils.getSensitiveKeys().stream()
                            .noneMatch(known -> keyword.trim().toLowerCase(Locale.ROOT).contains(known)))
                    .collect(Collectors.joining(",")));
        }
    }

    /**
     * Masks every secret option of an rmpcoap URI, however many there are (Camel's sanitizer masks only the first of
     * a component's own secret names).
     */
    static String mask(String uri) {
        return uri == null ? null : SECRET_OPTION.matcher(uri).replaceAll("$1xxxxxx");
    }
}
