package io.rmpcoap.camel.mapping;

import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * HTTP status codes to CoAP response codes and back (RFC 8075 section 7, RFC 7252 section 5.9).
 */
class CoapHttpCodesTest {

    @ParameterizedTest(name = "HTTP {0} to {1} -> {2}")
    @CsvSource({
            "200, GET,    2.05", "200, FETCH,  2.05", "200, POST,   2.04", "200, PUT,    2.04",
            "200, PATCH,  2.04", "200, IPATCH, 2.04", "200, DELETE, 2.02",
            "202, POST,   2.04", "203, GET,    2.05", "205, PUT,    2.04", "206, GET,    2.05",
            "201, POST,   2.01", "201, PUT,    2.01",
            "204, POST,   2.04", "204, PUT,    2.04", "204, DELETE, 2.02" })
    void successDependsOnTheRequestMethod(int status, String method, String code) {
        assertEquals(code, CoapHttpCodes.toCoap(status, CoAP.Code.valueOf(method)).text);
    }

    @ParameterizedTest(name = "HTTP 204 to {0} -> 2.05")
    @ValueSource(strings = { "GET", "FETCH" })
    void http204ToARetrievalIsContentNotChanged(String method) {
        // RFC 7252 5.9.1.4: 2.04 Changed answers only POST, PUT (and PATCH); an empty GET answer is 2.05 Content
        assertEquals(ResponseCode.CONTENT, CoapHttpCodes.toCoap(204, CoAP.Code.valueOf(method)));
    }

    @Test
    void successWithoutAMethodIsContent() {
        assertEquals(ResponseCode.CONTENT, CoapHttpCodes.toCoap(200, null));
        assertEquals(ResponseCode.CONTENT, CoapHttpCodes.toCoap(204, null));
    }

    @Test
    void http304IsValid() {
        assertEquals(ResponseCode.VALID, CoapHttpCodes.toCoap(304, CoAP.Code.GET));
    }

    @Test
    void http413IsRequestEntityTooLarge() {
        assertEquals(ResponseCode.REQUEST_ENTITY_TOO_LARGE, CoapHttpCodes.toCoap(413, CoAP.Code.POST));
    }

    @Test
    void http402PaymentRequiredIsBadRequestNotBadOption() {
        // 4.02 Bad Option is about a CoAP option, not about payment; an unmapped 4xx is 4.00
        assertEquals(ResponseCode.BAD_REQUEST, CoapHttpCodes.toCoap(402, CoAP.Code.POST));
    }

    @ParameterizedTest(name = "HTTP {0} -> {1}")
    @CsvSource({
            "400, 4.00", "401, 4.01", "403, 4.03", "404, 4.04", "410, 4.04", "405, 4.05", "406, 4.06",
            "409, 4.09", "412, 4.12", "413, 4.13", "414, 4.02", "415, 4.15", "422, 4.22", "429, 4.29",
            "500, 5.00", "501, 5.01", "502, 5.02", "503, 5.03", "504, 5.04" })
    void errorStatusesMapToTheirCoapCode(int status, String code) {
        assertEquals(code, CoapHttpCodes.toCoap(status, CoAP.Code.POST).text);
        assertEquals(code, CoapHttpCodes.toCoap(status, CoAP.Code.GET).text, "an error does not depend on the method");
    }

    @ParameterizedTest(name = "HTTP {0} -> 4.00")
    @ValueSource(ints = { 402, 407, 408, 411, 416, 417, 418, 421, 425, 426, 428, 431, 451, 499 })
    void unmappedClientErrorIsBadRequest(int status) {
        assertEquals(ResponseCode.BAD_REQUEST, CoapHttpCodes.toCoap(status, CoAP.Code.GET));
    }

    @ParameterizedTest(name = "HTTP {0} -> 5.00")
    @ValueSource(ints = { 505, 506, 507, 508, 510, 511, 599 })
    void unmappedServerErrorIsInternalServerError(int status) {
        assertEquals(ResponseCode.INTERNAL_SERVER_ERROR, CoapHttpCodes.toCoap(status, CoAP.Code.GET));
    }

    @ParameterizedTest(name = "HTTP {0} -> 5.02")
    @ValueSource(ints = { 100, 101, 103, 199, 207, 226, 299, 300, 301, 302, 303, 305, 307, 308, 399, 600, 999, 0, -1 })
    void informationalUnfollowedRedirectOrUnknownStatusIsBadGateway(int status) {
        assertEquals(ResponseCode.BAD_GATEWAY, CoapHttpCodes.toCoap(status, CoAP.Code.GET));
    }

    @ParameterizedTest(name = "{0} -> HTTP {1}")
    @CsvSource({
            "CREATED, 201", "DELETED, 204", "VALID, 304", "CHANGED, 204", "CONTENT, 200", "CONTINUE, 100",
            "BAD_REQUEST, 400", "UNAUTHORIZED, 401", "BAD_OPTION, 400", "FORBIDDEN, 403", "NOT_FOUND, 404",
            "METHOD_NOT_ALLOWED, 405", "NOT_ACCEPTABLE, 406", "REQUEST_ENTITY_INCOMPLETE, 400", "CONFLICT, 409",
            "PRECONDITION_FAILED, 412", "REQUEST_ENTITY_TOO_LARGE, 413", "UNSUPPORTED_CONTENT_FORMAT, 415",
            "UNPROCESSABLE_ENTITY, 422", "TOO_MANY_REQUESTS, 429", "INTERNAL_SERVER_ERROR, 500",
            "NOT_IMPLEMENTED, 501", "BAD_GATEWAY, 502", "SERVICE_UNAVAILABLE, 503", "GATEWAY_TIMEOUT, 504",
            "PROXY_NOT_SUPPORTED, 502" })
    void coapCodeMapsToTheHttpStatusAnHttpClientExpects(ResponseCode code, int status) {
        assertEquals(status, CoapHttpCodes.toHttp(code));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ResponseCode.class)
    void everyCoapCodeMapsToAValidHttpStatusOfTheSameKind(ResponseCode code) {
        int status = CoapHttpCodes.toHttp(code);
        assertTrue(status >= 100 && status <= 599, code + " -> " + status);
        if (code.isClientError()) {
            assertEquals(4, status / 100, code + " is a client error");
        }
        if (code.isServerError()) {
            assertEquals(5, status / 100, code + " is a server error");
        }
    }

    @ParameterizedTest(name = "HTTP {0} round trip")
    @ValueSource(ints = { 400, 403, 404, 406, 409, 412, 413, 415, 422, 429, 500, 501, 502, 503, 504 })
    void errorStatusesSurviveARoundTrip(int status) {
        assertEquals(status, CoapHttpCodes.toHttp(CoapHttpCodes.toCoap(status, CoAP.Code.POST)));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({ "CONTENT, 2.05", "CHANGED, 2.04", "UNAUTHORIZED, 4.01", "REQUEST_ENTITY_TOO_LARGE, 4.13",
                 "PROXY_NOT_SUPPORTED, 5.05", "CONTINUE, 2.31" })
    void textIsTheDottedCode(ResponseCode code, String text) {
        assertEquals(text, CoapHttpCodes.text(code));
    }

    @ParameterizedTest(name = "\"{0}\" -> {1}")
    @CsvSource(delimiter = '|', value = {
            "2.05           | CONTENT",
            "205            | CONTENT",
            "69             | CONTENT",
            "CONTENT        | CONTENT",
            "content        | CONTENT",
            "'  4.01  '     | UNAUTHORIZED",
            "401            | UNAUTHORIZED",
            "129            | UNAUTHORIZED",
            "4.13           | REQUEST_ENTITY_TOO_LARGE",
            "413            | REQUEST_ENTITY_TOO_LARGE",
            "5.05           | PROXY_NOT_SUPPORTED",
            "165            | PROXY_NOT_SUPPORTED",
            "2.31           | CONTINUE",
            "gateway_timeout | GATEWAY_TIMEOUT" })
    void parseAcceptsDottedCompactNumericAndNamedCodes(String text, ResponseCode expected) {
        assertSame(expected, CoapHttpCodes.parse(text));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ResponseCode.class)
    void parseReadsBackEveryCodesTextNumberAndName(ResponseCode code) {
        assertSame(code, CoapHttpCodes.parse(code.text));
        assertSame(code, CoapHttpCodes.parse(Integer.toString(code.value)));
        assertSame(code, CoapHttpCodes.parse(code.name()));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = {
            "", " ", "2.5", "2.050", "6.00", "1.00", "0.01", "2.32", "4.99", "600", "199", "2,05", "CONTNET", "HTTP_200",
            // well-formed but unassigned: must not silently become 4.00 / 5.00 / 2.00
            "4.30", "430", "4.07", "4.10", "5.30", "5.10", "2.10", "2.30",
            // numbers outside every response class
            "0", "1", "32", "255", "256", "-1", "99999999999" })
    void parseRejectsAnythingThatNamesNoResponseCode(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CoapHttpCodes.parse(text));
        assertTrue(e.getMessage().contains("Not a CoAP response code"), e.getMessage());
    }

    @ParameterizedTest(name = "class {0}")
    @ValueSource(ints = { 2, 4, 5 })
    void aParsedCodeIsAlwaysTheCodeThatWasWritten(int codeClass) {
        for (int detail = 0; detail <= 31; detail++) {
            String text = String.format("%d.%02d", codeClass, detail);
            ResponseCode code;
            try {
                code = CoapHttpCodes.parse(text);
            } catch (IllegalArgumentException e) {
                continue;
            }
            assertEquals(text, code.text, "parse(\"" + text + "\")");
        }
    }
}
