package io.rmpcoap.camel;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;

import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.test.TestPki;
import io.rmpcoap.camel.test.TestRoutes;
import org.apache.camel.Consumer;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.jsse.KeyManagersParameters;
import org.apache.camel.support.jsse.KeyStoreParameters;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The DTLS options rmpcoap shares with camel-coap: advancedPskStore (Scandium's own PSK store, consumer and producer),
 * alias (which key entry of a key store is the own certificate), recommendedCipherSuitesOnly (CBC suites only when
 * turned off), and the combinations refused at endpoint creation.
 */
class DtlsCamelCoapOptionsTest extends CamelTestSupport {

    private static final String KEY = "0123456789abcdef0123456789abcdef";
    private static final String CBC = "TLS_PSK_WITH_AES_128_CBC_SHA256";

    @TempDir
    static Path dir;
    static TestPki pki;
    /** A key store with two key entries: "server" (a certificate for 127.0.0.1) and "client" (a device's). */
    static Path twoKeys;

    @BeforeAll
    static void pkiAndKeyStore() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        KeyStore store = KeyStore.getInstance(TestPki.STORE_TYPE);
        store.load(null, null);
        char[] password = TestPki.PASSWORD.toCharArray();
        store.setKeyEntry("client", pki.client().privateKey(), password, pki.client().chain().toArray(new Certificate[0]));
        store.setKeyEntry("server", pki.server().privateKey(), password, pki.server().chain().toArray(new Certificate[0]));
        twoKeys = dir.resolve("two-keys.p12");
        try (OutputStream out = Files.newOutputStream(twoKeys)) {
            store.store(out, password);
        }
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        AdvancedMultiPskStore devices = new AdvancedMultiPskStore();
        devices.setKey("dev-1", KEY.getBytes(StandardCharsets.US_ASCII));
        registry.bind("devices", devices);
        registry.bind("single", new AdvancedSinglePskStore("dev-1", KEY.getBytes(StandardCharsets.US_ASCII)));
        registry.bind("verifier", StaticNewAdvancedCertificateVerifier.builder().setTrustAllRPKs().build());

        KeyStoreParameters keys = new KeyStoreParameters();
        keys.setResource("file:" + twoKeys);
        keys.setPassword(TestPki.PASSWORD);
        keys.setType(TestPki.STORE_TYPE);
        KeyManagersParameters managers = new KeyManagersParameters();
        managers.setKeyStore(keys);
        managers.setKeyPassword(TestPki.PASSWORD);
        SSLContextParameters ssl = new SSLContextParameters();
        ssl.setKeyManagers(managers);
        ssl.setCertAlias("server");
        registry.bind("serverByCertAlias", ssl);
    }

    private static String twoKeysStore() {
        return "keyStore=file:" + twoKeys + "&keyStorePassword=" + TestPki.PASSWORD;
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coaps://127.0.0.1:0/psk?advancedPskStore=#devices").routeId("psk")
                        .setBody(simple("hello ${header.CamelRmpCoapPskIdentity}"));
                from("rmpcoap:coaps://127.0.0.1:0/cbc?pskIdentity=dev-1&pskKey=" + KEY + "&cipherSuites=" + CBC
                     + "&recommendedCipherSuitesOnly=false").routeId("cbc")
                        .setBody(constant("cbc served"));
                from("rmpcoap:coaps://127.0.0.1:0/server?" + twoKeysStore() + "&alias=server").routeId("aliasServer")
                        .setBody(constant("as server"));
                from("rmpcoap:coaps://127.0.0.1:0/certAlias?sslContextParameters=#serverByCertAlias").routeId("certAlias")
                        .setBody(constant("by certAlias"));
            }
        };
    }

    private static CoapResponse get(TestDevice device, String path, int port, long wait) throws InterruptedException {
        Request get = new Request(Code.GET);
        get.getOptions().setUriPath(path);
        return device.send(get, port, wait);
    }

    @Test
    void consumerWithAnAdvancedPskStoreServesItsDevicesOnly() throws Exception {
        int port = TestRoutes.port(context, "psk");
        try (TestDevice known = TestDevice.psk("dev-1", KEY); TestDevice wrong = TestDevice.psk("dev-1", "not the key")) {
            assertEquals("hello dev-1", get(known, "psk", port, 10_000).getResponseText());
            assertNull(get(wrong, "psk", port, 5_000), "a wrong key must not get a session");
        }
    }

    @Test
    void producerWithAnAdvancedPskStoreTakesIdentityAndKeyFromIt() {
        String body = template.requestBody("rmpcoap:coaps://127.0.0.1:" + TestRoutes.port(context, "psk")
                                           + "/psk?advancedPskStore=#single",
                null, String.class);
        assertEquals("hello dev-1", body);
    }

    @Test
    void cbcSuiteWorksBothWaysOnlyWithRecommendedCipherSuitesOnlyFalse() {
        String uri = "rmpcoap:coaps://127.0.0.1:" + TestRoutes.port(context, "cbc") + "/cbc?pskIdentity=dev-1&pskKey=" + KEY
                     + "&cipherSuites=" + CBC;
        assertEquals("cbc served", template.requestBody(uri + "&recommendedCipherSuitesOnly=false", null, String.class));

        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class, () -> context.getEndpoint(uri));
        assertTrue(e.getMessage().contains(CBC) && e.getMessage().contains("recommendedCipherSuitesOnly"), e.getMessage());
    }

    @Test
    void aliasChoosesTheKeyEntryTheConsumerPresents() throws Exception {
        try (TestDevice device = TestDevice.certificate(java.util.List.of(pki.ca().certificate()), null, null)) {
            assertEquals("as server", get(device, "server", TestRoutes.port(context, "aliasServer"), 10_000)
                    .getResponseText());
            assertEquals("by certAlias", get(device, "certAlias", TestRoutes.port(context, "certAlias"), 10_000)
                    .getResponseText(), "sslContextParameters' certAlias chooses the entry when alias is not set");
        }
        // the device's certificate is for clients only: Scandium refuses it as a server's, so alias really chose it
        assertTrue(startFailure("alias=client").contains("no proper key usage for servers"));
    }

    @Test
    void aliasThatIsNoKeyEntryFailsTheConsumerNamingTheAlias() throws Exception {
        assertTrue(startFailure("alias=nobody").contains("alias nobody is not a private key entry"));
    }

    /** The messages of the exception a consumer of the two-key store fails to start with. */
    private String startFailure(String alias) throws Exception {
        Consumer consumer = context.getEndpoint("rmpcoap:coaps://127.0.0.1:0/x?" + twoKeysStore() + "&" + alias)
                .createConsumer(exchange -> {
                });
        try {
            Exception e = assertThrows(Exception.class, consumer::start);
            StringBuilder messages = new StringBuilder();
            for (Throwable t = e; t != null; t = t.getCause()) {
                messages.append(t.getMessage()).append(" | ");
            }
            return messages.toString();
        } finally {
            consumer.stop();
        }
    }

    @Test
    void conflictingOptionsAreRefusedAtEndpointCreationNamingThem() {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coaps://127.0.0.1:1/x?advancedPskStore=#single&pskIdentity=a&pskKey=b"));
        assertTrue(e.getMessage().contains("advancedPskStore cannot be combined with pskIdentity"), e.getMessage());
        assertTrue(!e.getMessage().contains("pskKey=b"), "never the key's value: " + e.getMessage());
        e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coaps://127.0.0.1:1/x?advancedCertificateVerifier=#verifier&trustStore="
                                          + pki.ca().trustStoreUri()));
        assertTrue(e.getMessage().contains("advancedCertificateVerifier cannot be combined with trustStore"), e.getMessage());
    }
}
