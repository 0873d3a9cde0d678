package io.rmpcoap.camel.mapping;

import java.util.Locale;

import org.eclipse.californium.core.coap.MediaTypeRegistry;

/**
 * HTTP Content-Type to CoAP Content-Format and back (RFC 8075, section 6.1), using Californium's media type registry.
 */
public final class ContentFormats {

    private ContentFormats() {
    }

    /**
     * The Content-Format number of an HTTP media type, or {@link MediaTypeRegistry#UNDEFINED} when there is none.
     * Parameters are ignored except that {@code text/plain} of any charset is format 0 (CoAP text is UTF-8).
     */
    public static int toContentFormat(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return MediaTypeRegistry.UNDEFINED;
        }
        int semicolon = contentType.indexOf(';');
        String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
        return mediaType.isEmpty() ? MediaTypeRegistry.UNDEFINED : MediaTypeRegistry.parse(mediaType);
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
