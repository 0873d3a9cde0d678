package io.rmpcoap.camel;

/**
 * Every libcoap interop test against a consumer with DTLS Connection ID on: libcoap 4.3.1 (OpenSSL) offers no
 * Connection ID, and such devices must keep working unchanged.
 */
class LibCoapInteropWithConnectionIdTest extends LibCoapInteropTest {

    @Override
    String consumerOptions() {
        return "&connectionIdLength=6";
    }
}
