package io.rmpcoap.camel.mapping;

import java.util.Locale;

import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;

/**
 * HTTP status codes to CoAP response codes and back, as the HTTP-CoAP cross proxy of RFC 8075 (section 7) maps them.
 */
public final class CoapHttpCodes {

    private CoapHttpCodes() {
    }

    /**
     * The CoAP code a cross proxy answers for an HTTP status. A 2xx depends on the request's method (200 to a GET is
     * 2.05 Content, to a DELETE 2.02 Deleted, otherwise 2.04 Changed, and so does a 204, since RFC 7252 uses 2.04 only
     * for changing methods and 2.05 answers a GET even without payload); a redirect the proxy did not follow, an
     * informational or unknown status is 5.02 Bad Gateway, because the device cannot act on it.
     */
    public static ResponseCode toCoap(int httpStatus, CoAP.Code method) {
        return switch (httpStatus) {
            case 200, 202, 203, 204, 205, 206 -> success(method);
            case 201 -> ResponseCode.CREATED;
            case 304 -> ResponseCode.VALID;
            case 400 -> ResponseCode.BAD_REQUEST;
            case 401 -> ResponseCode.UNAUTHORIZED;
            case 403 -> ResponseCode.FORBIDDEN;
            case 404, 410 -> ResponseCode.NOT_FOUND;
            case 405 -> ResponseCode.METHOD_NOT_ALLOWED;
            case 406 -> ResponseCode.NOT_ACCEPTABLE;
            case 409 -> ResponseCode.CONFLICT;
            case 412 -> ResponseCode.PRECONDITION_FAILED;
            case 413 -> ResponseCode.REQUEST_ENTITY_TOO_LARGE;
            case 414 -> ResponseCode.BAD_OPTION;
            case 415 -> ResponseCode.UNSUPPORTED_CONTENT_FORMAT;
            case 422 -> ResponseCode.UNPROCESSABLE_ENTITY;
            case 429 -> ResponseCode.TOO_MANY_REQUESTS;
            case 500 -> ResponseCode.INTERNAL_SERVER_ERROR;
            case 501 -> ResponseCode.NOT_IMPLEMENTED;
            case 502 -> ResponseCode.BAD_GATEWAY;
            case 503 -> ResponseCode.SERVICE_UNAVAILABLE;
            case 504 -> ResponseCode.GATEWAY_TIMEOUT;
            default -> httpStatus >= 400 && httpStatus < 500 ? ResponseCode.BAD_REQUEST
                    : httpStatus >= 500 && httpStatus < 600 ? ResponseCode.INTERNAL_SERVER_ERROR
                    : ResponseCode.BAD_GATEWAY;
        };
    }

    private static ResponseCode success(CoAP.Code method) {
        if (method == null) {
            return ResponseCode.CONTENT;
        }
        return switch (method) {
            case GET, FETCH -> ResponseCode.CONTENT;
            case DELETE -> ResponseCode.DELETED;
            default -> ResponseCode.CHANGED;
        };
    }

    /** The HTTP status an HTTP client expects for a CoAP code (RFC 8075, section 7.1, the reverse direction). */
    public static int toHttp(ResponseCode code) {
        return switch (code) {
            case CREATED -> 201;
            case DELETED, CHANGED -> 204;
            case VALID -> 304;
            case CONTINUE -> 100;
            case CONTENT -> 200;
            case BAD_REQUEST, BAD_OPTION, REQUEST_ENTITY_INCOMPLETE -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case NOT_ACCEPTABLE -> 406;
            case CONFLICT -> 409;
            case PRECONDITION_FAILED -> 412;
            case REQUEST_ENTITY_TOO_LARGE -> 413;
            case UNSUPPORTED_CONTENT_FORMAT -> 415;
            case UNPROCESSABLE_ENTITY -> 422;
            case TOO_MANY_REQUESTS -> 429;
            case NOT_IMPLEMENTED -> 501;
            case BAD_GATEWAY, PROXY_NOT_SUPPORTED -> 502;
            case SERVICE_UNAVAILABLE -> 503;
            case GATEWAY_TIMEOUT -> 504;
            default -> 500;
        };
    }

    /** The code as CoAP writes it, e.g. {@code "2.05"}. */
    public static String text(ResponseCode code) {
        return code.text;
    }

    /**
     * The code a consumer answers with: the route's {@code codeHeader} (a ResponseCode or its text), else the mapped
     * HTTP status, else the success code of the request's method (2.05 for GET and FETCH, 2.02 for DELETE, 2.04
     * otherwise).
     */
    public static ResponseCode answer(Object codeHeader, Integer httpStatus, CoAP.Code method) {
        if (codeHeader instanceof ResponseCode responseCode) {
            return responseCode;
        }
        if (codeHeader != null) {
            return parse(codeHeader.toString());
        }
        if (httpStatus != null) {
            return toCoap(httpStatus, method);
        }
        return switch (method) {
            case GET, FETCH -> ResponseCode.CONTENT;
            case DELETE -> ResponseCode.DELETED;
            default -> ResponseCode.CHANGED;
        };
    }

    /**
     * A response code from {@code "2.05"}, {@code "205"}, a number such as {@code 69}, or a name such as
     * {@code CONTENT}.
     *
     * @throws IllegalArgumentException when it names no response code, so a route's typo is not answered 2.05
     */
    public static ResponseCode parse(String code) {
        String value = code.trim();
        try {
            if (value.matches("[2-5]\\.\\d\\d")) {
                return exactly(classAndDetail(value.charAt(0) - '0', Integer.parseInt(value.substring(2))));
            }
            if (value.matches("[2-5]\\d\\d")) {
                return exactly(classAndDetail(value.charAt(0) - '0', Integer.parseInt(value.substring(1))));
            }
            if (value.matches("\\d+")) {
                return exactly(Integer.parseInt(value));
            }
            return ResponseCode.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (RuntimeException e) {
            // also Californium's MessageFormatException for numbers outside the response classes
            throw new IllegalArgumentException("Not a CoAP response code: " + code);
        }
    }

    /** Californium answers an unassigned code with its class's generic code (4.30 is 4.00); a typo must not pass. */
    private static ResponseCode exactly(int value) {
        ResponseCode responseCode = ResponseCode.valueOf(value);
        if (responseCode.value != value) {
            throw new IllegalArgumentException();
        }
        return responseCode;
    }

    private static int classAndDetail(int codeClass, int detail) {
        if (detail > 31) {
            throw new IllegalArgumentException();
        }
        return codeClass << 5 | detail;
    }
}
