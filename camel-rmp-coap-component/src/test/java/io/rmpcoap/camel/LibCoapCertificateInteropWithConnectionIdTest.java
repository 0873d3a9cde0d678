package io.rmpcoap.camel;

/**
 * Every libcoap certificate interop test against consumers with DTLS Connection ID on: libcoap 4.3.1 (OpenSSL) offers
 * no Connection ID, and such devices must keep working unchanged.
 */
class LibCoapCertificateInteropWithConnectionIdTest extends LibCoapCertificateInteropTest {

    @Override
    String consumerOptions() {
        return "&connectionIdLength=6";
    }
}
