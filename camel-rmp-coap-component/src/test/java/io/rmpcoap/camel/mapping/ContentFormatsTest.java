package io.rmpcoap.camel.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * HTTP Content-Type to CoAP Content-Format and back (RFC 8075 section 6.1).
 */
class ContentFormatsTest {

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "text/plain                               | 0",
            "application/link-format                  | 40",
            "application/xml                          | 41",
            "application/octet-stream                 | 42",
            "application/exi                          | 47",
            "application/json                         | 50",
            "application/merge-patch+json             | 52",
            "application/cbor                         | 60",
            "application/senml+json                   | 110",
            "application/vnd.oma.lwm2m+tlv            | 11542" })
    void contentTypeMapsToItsRegisteredFormat(String contentType, int format) {
        assertEquals(format, ContentFormats.toContentFormat(contentType));
    }

    @ParameterizedTest(name = "\"{0}\" -> 50")
    @ValueSource(strings = { "application/json; charset=utf-8", "APPLICATION/JSON", "Application/Json;charset=UTF-8",
                             "  application/json  ", "application/json ; charset=utf-8" })
    void caseWhitespaceAndCharsetAreIgnored(String contentType) {
        assertEquals(MediaTypeRegistry.APPLICATION_JSON, ContentFormats.toContentFormat(contentType));
    }

    @ParameterizedTest(name = "\"{0}\" -> 0")
    @ValueSource(strings = { "text/plain; charset=utf-8", "text/plain; charset=iso-8859-1", "text/plain;charset=US-ASCII",
                             "TEXT/PLAIN" })
    void textPlainOfAnyCharsetIsFormatZero(String contentType) {
        assertEquals(MediaTypeRegistry.TEXT_PLAIN, ContentFormats.toContentFormat(contentType));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "application/cose; cose-type=\"cose-sign1\"          | 18",
            "application/cose;cose-type=cose-sign1                | 18",
            "application/cose; cose-type=\"cose-encrypt0\"       | 16",
            "APPLICATION/COSE; Cose-Type=\"cose-mac\"            | 97",
            "application/pkcs7-mime; smime-type=certs-only        | 281" })
    void formatSelectingParametersAreHonoured(String contentType, int format) {
        assertEquals(format, ContentFormats.toContentFormat(contentType));
    }

    @Test
    void threadsMappingDifferentContentTypesAtOnceEachGetTheirOwnFormat() throws Exception {
        String[] types = { "application/json", "text/plain; charset=iso-8859-1", "application/cbor", "application/xml" };
        int[] formats = { MediaTypeRegistry.APPLICATION_JSON, MediaTypeRegistry.TEXT_PLAIN, MediaTypeRegistry.APPLICATION_CBOR,
                          MediaTypeRegistry.APPLICATION_XML };
        ExecutorService threads = Executors.newFixedThreadPool(types.length);
        try {
            List<Future<Integer>> wrong = new ArrayList<>();
            for (int t = 0; t < types.length; t++) {
                int which = t;
                wrong.add(threads.submit(() -> {
                    int mismatches = 0;
                    for (int i = 0; i < 20_000; i++) {
                        if (ContentFormats.toContentFormat(types[which]) != formats[which]) {
                            mismatches++;
                        }
                    }
                    return mismatches;
                }));
            }
            for (Future<Integer> mismatches : wrong) {
                assertEquals(0, mismatches.get(30, TimeUnit.SECONDS));
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = { "   ", "; charset=utf-8", "application/x-unknown", "*/*", "application/*", "json",
                             "application/cose" })
    void unknownOrMissingContentTypeIsUndefined(String contentType) {
        assertEquals(MediaTypeRegistry.UNDEFINED, ContentFormats.toContentFormat(contentType));
    }

    @ParameterizedTest(name = "{0} -> \"{1}\"")
    @CsvSource(delimiter = '|', value = {
            "0     | text/plain; charset=utf-8",
            "40    | application/link-format",
            "41    | application/xml",
            "42    | application/octet-stream",
            "50    | application/json",
            "60    | application/cbor" })
    void formatMapsToItsContentType(int format, String contentType) {
        assertEquals(contentType, ContentFormats.toContentType(format));
    }

    @Test
    void coapTextIsDeclaredUtf8ForHttp() {
        assertEquals("text/plain; charset=utf-8", ContentFormats.toContentType(MediaTypeRegistry.TEXT_PLAIN));
    }

    @ParameterizedTest(name = "{0} -> null")
    @ValueSource(ints = { -1, -42, 1, 39, 65000, 65535, 65536, Integer.MAX_VALUE, Integer.MIN_VALUE })
    void unregisteredFormatHasNoContentType(int format) {
        assertNull(ContentFormats.toContentType(format));
    }

    static Stream<Integer> registeredFormats() {
        return MediaTypeRegistry.getAllMediaTypes().stream().sorted();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("registeredFormats")
    void everyRegisteredFormatSurvivesARoundTripThroughHttp(int format) {
        String contentType = ContentFormats.toContentType(format);
        assertNotNull(contentType, "format " + format);
        assertEquals(format, ContentFormats.toContentFormat(contentType), contentType);
    }
}
