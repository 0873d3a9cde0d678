package io.rmpcoap.camel.mapping;

import java.util.Locale;

import org.eclipse.californium.core.coap.MediaTypeRegistry;

/**
 * HTTP Content-Type to CoAP Content-Format and back (RFC 8075, section 6.1), using Californium's media type registry.
 */
public final class ContentFormats {

    private static final LastMapping<Integer> FORMATS = new LastMapping<>(ContentFormats::parse);

    private ContentFormats() {
    }

    /**
     * The Content-Format number of an HTTP media type, or {@link MediaTypeRegistry#UNDEFINED} when there is none.
     * Parameters are ignored unless one of them selects a registered format (as {@code cose-type} or
     * {@code smime-type} do), so {@code text/plain} of any charset is format 0 (CoAP text is UTF-8).
     */
    public static int toContentFormat(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return MediaTypeRegistry.UNDEFINED;
        }
        return FORMATS.apply(contentType);
    }

    private static int parse(String contentType) {
        String[] parts = contentType.split(";");
        String mediaType = parts[0].trim().toLowerCase(Locale.ROOT);
        if (mediaType.isEmpty()) {
            return MediaTypeRegistry.UNDEFINED;
        }
        for (int i = 1; i < parts.length; i++) {
            int equals = parts[i].indexOf('=');
            if (equals > 0) {
                String name = parts[i].substring(0, equals).trim().toLowerCase(Locale.ROOT);
                String value = unquote(parts[i].substring(equals + 1).trim()).toLowerCase(Locale.ROOT);
                // the registry spells such formats as: type; name="value"
                int format = MediaTypeRegistry.parse(mediaType + "; " + name + "=\"" + value + "\"");
                if (format != MediaTypeRegistry.UNDEFINED) {
                    return format;
                }
            }
        }
        return MediaTypeRegistry.parse(mediaType);
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")
                ? value.substring(1, value.length() - 1) : value;
    }

    /** The HTTP Content-Type for a Content-Format number, or {@code null} when the number is not registered. */
    public static String toContentType(int contentFormat) {
        if (contentFormat == MediaTypeRegistry.TEXT_PLAIN) {
            return "text/plain; charset=utf-8";
        }
        if (contentFormat < 0 || !MediaTypeRegistry.getAllMediaTypes().contains(contentFormat)) {
            return null;
        }
        return MediaTypeRegistry.toString(contentFormat);
    }
}
