package io.rmpcoap.camel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import java.net.InetAddress;

import io.rmpcoap.camel.dtls.PskStore;
import org.apache.camel.BindToRegistry;
import org.apache.camel.Exchange;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * rmpcoap producer and consumer over DTLS with TLS_PSK_WITH_AES_128_CCM_8 on 127.0.0.1.
 */
class DtlsPskTest extends CamelTestSupport {

    @TempDir
    static Path dir;

    /** The identities the custom store was asked for. */
    private final List<String> asked = new CopyOnWriteArrayList<>();

    /** A custom PskStore bean, as an integrator would back one with a database: one device, sensor-9. */
    @BindToRegistry("deviceKeys")
    private final PskStore deviceKeys = identity -> {
        asked.add(identity);
        return "sensor-9".equals(identity) ? hexSha256Unchecked("nine").getBytes(StandardCharsets.US_ASCII) : null;
    };

    static String hexSha256(String password) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(password.getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    protected RouteBuilder createRouteBuilder() throws Exception {
        Path store = dir.resolve("devices.properties");
        Files.writeString(store, "sensor-7=" + hexSha256("seven") + "\n");
        return new RouteBuilder() {
            @Override
            public void configure() {
                // the consumer is given the key as the hex text; producers derive it from the password
                from("rmpcoap:coaps://127.0.0.1:0/secure?pskIdentity=hello&pskKey=" + hexSha256Unchecked("world"))
                        .routeId("psk").to("mock:psk")
                        .setBody(simple("${header.CamelRmpCoapPskIdentity}"));
                from("rmpcoap:coaps://127.0.0.1:0/many?pskStoreFile=file:" + store)
                        .routeId("store").to("mock:store")
                        .setBody(simple("${header.CamelRmpCoapPskIdentity}"));
                from("rmpcoap:coaps://127.0.0.1:0/bean?pskStore=#deviceKeys")
                        .routeId("bean").setBody(simple("bean ${header.CamelRmpCoapPskIdentity}"));
            }
        };
    }

    private static String hexSha256Unchecked(String password) {
        try {
            return hexSha256(password);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void producerWithPasswordReachesConsumerWithHexKeyAndIdentityReachesTheRoute() {
        Exchange answer = template.request(
                "rmpcoap:coaps://127.0.0.1:" + port(context, "psk")
                + "/secure?pskIdentity=hello&pskPassword=world&timeout=10000",
                e -> {
                });
        assertNull(answer.getException());
        assertEquals("2.05", answer.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE));
        assertEquals("hello", answer.getMessage().getBody(String.class));
    }

    @Test
    void storeFileServesManyDevices() {
        Exchange answer = template.request(
                "rmpcoap:coaps://127.0.0.1:" + port(context, "store")
                + "/many?pskIdentity=sensor-7&pskPassword=seven&timeout=10000",
                e -> {
                });
        assertNull(answer.getException());
        assertEquals("sensor-7", answer.getMessage().getBody(String.class));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
            "pskIdentity=hello&pskPassword=Xyzzy-42",
            "pskIdentity=stranger&pskPassword=world" })
    void badCredentialsOrCbcOnlyFailCleanlyWithinTimeoutAndNothingReachesTheRoute(String options) throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:psk");
        mock.expectedMessageCount(0);
        long start = System.nanoTime();
        Exchange answer = template.request(
                "rmpcoap:coaps://127.0.0.1:" + port(context, "psk") + "/secure?timeout=3000&" + options, e -> {
                });
        long elapsedMs = (System.nanoTime() - start) / 1_000_000;

        assertNotNull(answer.getException());
        assertTrue(elapsedMs < 3000 + 2000, "failed after " + elapsedMs + " ms");
        assertFalse(answer.getException().getMessage().contains("Xyzzy-42"), answer.getException().getMessage());
        mock.assertIsSatisfied(200);
    }

    @Test
    void customPskStoreBeanServesItsDevice() {
        Exchange answer = template.request("rmpcoap:coaps://127.0.0.1:" + port(context, "bean")
                                           + "/bean?pskIdentity=sensor-9&pskPassword=nine&timeout=10000",
                e -> {
                });
        assertNull(answer.getException());
        assertEquals("bean sensor-9", answer.getMessage().getBody(String.class));
        assertTrue(asked.contains("sensor-9"), "the bean must have been asked for the key: " + asked);
    }

    @Test
    void customPskStoreBeanRefusesAnIdentityItDoesNotKnow() {
        Exchange answer = template.request("rmpcoap:coaps://127.0.0.1:" + port(context, "bean")
                                           + "/bean?pskIdentity=sensor-7&pskPassword=seven&timeout=3000",
                e -> {
                });
        assertNotNull(answer.getException(), "an identity the bean does not know must not get a session");
        assertTrue(asked.contains("sensor-7"), "the bean must have been asked for the key: " + asked);
    }

    @Test
    void clientOfferingOnlyCbcFailsTheHandshake() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:psk");
        mock.expectedMessageCount(0);
        Configuration configuration = Configuration.createStandardWithoutFile();
        configuration.set(DtlsConfig.DTLS_RECOMMENDED_CIPHER_SUITES_ONLY, false);
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(configuration)
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_PSK_WITH_AES_128_CBC_SHA256)
                .setAdvancedPskStore(new AdvancedSinglePskStore("hello", hexSha256("world").getBytes(StandardCharsets.US_ASCII)))
                .build();
        CoapEndpoint cbcClient = CoapEndpoint.builder().setConfiguration(configuration)
                .setConnector(new DTLSConnector(dtls)).build();
        cbcClient.start();
        try {
            Request request = new Request(CoAP.Code.GET);
            request.getOptions().setUriPath("secure");
            request.setDestinationContext(
                    new AddressEndpointContext(InetAddress.getLoopbackAddress(), port(context, "psk")));
            cbcClient.sendRequest(request);
            assertNull(request.waitForResponse(3000), "a CBC-only client must not get an answer");
        } finally {
            cbcClient.destroy();
        }
        mock.assertIsSatisfied(200);
    }

    @Test
    void nonRecommendedSuitesAreRejectedAtEndpointCreation() {
        Exception e = assertThrows(Exception.class, () -> context.getEndpoint(
                "rmpcoap:coaps://127.0.0.1:1/x?pskIdentity=a&pskKey=b&cipherSuites=TLS_PSK_WITH_AES_128_CBC_SHA256")
                .createProducer().start());
        assertTrue(e.getMessage().contains("TLS_PSK_WITH_AES_128_CBC_SHA256"), e.getMessage());
    }

    @Test
    void plainCoapToTheDtlsPortGetsNoAnswer() throws Exception {
        MockEndpoint mock = getMockEndpoint("mock:psk");
        mock.expectedMessageCount(0);
        Exchange answer = template.request("rmpcoap:coap://127.0.0.1:" + port(context, "psk") + "/secure?timeout=1500", e -> {
        });
        assertTrue(answer.getException() instanceof RmpCoapTimeoutException, String.valueOf(answer.getException()));
        mock.assertIsSatisfied(200);
    }
}
