package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Principal;
import java.security.spec.ECGenParameterSpec;
import java.util.concurrent.atomic.AtomicReference;

import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.test.TestRoutes;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.spi.Registry;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.elements.auth.RawPublicKeyIdentity;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.x509.NewAdvancedCertificateVerifier;
import org.eclipse.californium.scandium.dtls.x509.SingleCertificateProvider;
import org.eclipse.californium.scandium.dtls.x509.StaticNewAdvancedCertificateVerifier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Raw public keys (RFC 7250) with TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 in both directions: Scandium devices against an
 * rmpcoap consumer with privateKey/publicKey, and an rmpcoap producer against a Scandium server that demands the
 * producer's key. A peer's key is trusted only through advancedCertificateVerifier or an explicit
 * trustAllRawPublicKeys; an unknown key fails the handshake.
 */
class RawPublicKeyTest extends CamelTestSupport {

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    private static KeyPair gateway;
    private static KeyPair device;
    private static KeyPair producer;
    private static KeyPair rogue;
    private static CoapServer server;
    private static final AtomicReference<Principal> serverSawIdentity = new AtomicReference<>();

    private final int consumerPort = FreePorts.udp();

    @BeforeAll
    static void keysAndServer() throws Exception {
        gateway = ecKeyPair();
        device = ecKeyPair();
        producer = ecKeyPair();
        rogue = ecKeyPair();
        server = rpkServer(ecKeyPair());
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.destroy();
        }
    }

    private static KeyPair ecKeyPair() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static KeyPair serverKeys;

    /** A Scandium server with its own raw public key that demands a client key and trusts only the producer's. */
    private static CoapServer rpkServer(KeyPair keys) {
        serverKeys = keys;
        Configuration configuration = Configuration.createStandardWithoutFile();
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(configuration)
                .setAddress(new InetSocketAddress("127.0.0.1", 0))
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY)
                .set(DtlsConfig.DTLS_CLIENT_AUTHENTICATION_MODE, CertificateAuthenticationMode.NEEDED)
                .setAsList(DtlsConfig.DTLS_CIPHER_SUITES, CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8)
                .setCertificateIdentityProvider(new SingleCertificateProvider(keys.getPrivate(), keys.getPublic()))
                .setAdvancedCertificateVerifier(StaticNewAdvancedCertificateVerifier.builder()
                        .setTrustedRPKs(new RawPublicKeyIdentity(producer.getPublic())).build())
                .build();
        CoapServer coapServer = new CoapServer(configuration);
        coapServer.addEndpoint(CoapEndpoint.builder().setConfiguration(configuration)
                .setConnector(new DTLSConnector(dtls)).build());
        coapServer.add(new CoapResource("rpk") {
            @Override
            public void handleGET(CoapExchange exchange) {
                serverSawIdentity.set(exchange.advanced().getRequest().getSourceContext().getPeerIdentity());
                exchange.respond(ResponseCode.CONTENT, "hello raw key");
            }
        });
        coapServer.start();
        return coapServer;
    }

    private static int serverPort() {
        return server.getEndpoints().get(0).getAddress().getPort();
    }

    private static NewAdvancedCertificateVerifier trusting(KeyPair... keys) {
        RawPublicKeyIdentity[] identities = new RawPublicKeyIdentity[keys.length];
        for (int i = 0; i < keys.length; i++) {
            identities[i] = new RawPublicKeyIdentity(keys[i].getPublic());
        }
        return StaticNewAdvancedCertificateVerifier.builder().setTrustedRPKs(identities).build();
    }

    @Override
    protected void bindToRegistry(Registry registry) {
        registry.bind("gatewayPrivate", gateway.getPrivate());
        registry.bind("gatewayPublic", gateway.getPublic());
        registry.bind("producerPrivate", producer.getPrivate());
        registry.bind("producerPublic", producer.getPublic());
        registry.bind("devicePublic", device.getPublic());
        registry.bind("trustDevice", trusting(device));
        registry.bind("trustServer", trusting(serverKeys));
        registry.bind("trustRogue", trusting(rogue));
    }

    @Override
    protected RouteBuilder createRouteBuilder() {
        String keys = "privateKey=#gatewayPrivate&publicKey=#gatewayPublic";
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coaps://127.0.0.1:" + consumerPort + "/known?" + keys
                     + "&clientAuthentication=NEEDED&advancedCertificateVerifier=#trustDevice")
                        .setBody(simple("known ${header.CamelRmpCoapPrincipal}"));
                from("rmpcoap:coaps://127.0.0.1:0/open?" + keys).routeId("open")
                        .setBody(simple("open ${header.CamelRmpCoapPrincipal}"));
            }
        };
    }

    @Test
    void deviceWithATrustedKeyReachesTheRouteWhichSeesItsKeyName() throws Exception {
        try (TestDevice known = TestDevice.rawPublicKey(device, gateway.getPublic())) {
            Request get = new Request(Code.GET);
            get.getOptions().setUriPath("known");
            CoapResponse response = known.send(get, consumerPort, 10_000);

            assertNotNull(response, "no answer over raw public keys");
            assertEquals("known " + new RawPublicKeyIdentity(device.getPublic()).getName(), response.getResponseText());
        }
    }

    @Test
    void deviceWithAnUnknownKeyGetsNoSession() throws Exception {
        try (TestDevice unknown = TestDevice.rawPublicKey(rogue, gateway.getPublic())) {
            Request get = new Request(Code.GET);
            get.getOptions().setUriPath("known");
            assertNull(unknown.send(get, consumerPort, 5_000), "a key the verifier does not trust must not be served");
        }
    }

    @Test
    void withoutClientAuthenticationADeviceVerifiesTheGatewaysKeyOnly() throws Exception {
        try (TestDevice anonymous = TestDevice.rawPublicKey(null, gateway.getPublic())) {
            Request get = new Request(Code.GET);
            get.getOptions().setUriPath("open");
            CoapResponse response = anonymous.send(get, TestRoutes.port(context, "open"), 10_000);
            assertNotNull(response);
            assertEquals("open ", response.getResponseText());
        }
        try (TestDevice distrustful = TestDevice.rawPublicKey(null, rogue.getPublic())) {
            Request get = new Request(Code.GET);
            get.getOptions().setUriPath("open");
            assertNull(distrustful.send(get, TestRoutes.port(context, "open"), 5_000),
                    "a device that does not trust the gateway's key must not get a session");
        }
    }

    @Test
    void producerPresentsItsKeyAndTrustsTheServerThroughTheVerifier() throws Exception {
        String body = template.requestBody("rmpcoap:coaps://127.0.0.1:" + serverPort() + "/rpk?privateKey=#producerPrivate"
                                           + "&publicKey=#producerPublic&advancedCertificateVerifier=#trustServer",
                null, String.class);

        assertEquals("hello raw key", body);
        assertEquals(new RawPublicKeyIdentity(producer.getPublic()), serverSawIdentity.get(),
                "the server authenticated the producer by its raw public key");
    }

    @Test
    void producerTrustingAllRawPublicKeysOnlyWhenToldTo() throws Exception {
        String body = template.requestBody("rmpcoap:coaps://127.0.0.1:" + serverPort() + "/rpk?privateKey=#producerPrivate"
                                           + "&publicKey=#producerPublic&trustAllRawPublicKeys=true",
                null, String.class);
        assertEquals("hello raw key", body);

        Producer untrusting = context.getEndpoint("rmpcoap:coaps://127.0.0.1:" + serverPort()
                                                  + "/rpk?privateKey=#producerPrivate&publicKey=#producerPublic")
                .createProducer();
        Exception e = assertThrows(Exception.class, untrusting::start);
        assertTrue(e.getMessage().contains("advancedCertificateVerifier"), e.getMessage());
    }

    @Test
    void producerThatDoesNotTrustTheServersKeyFailsTheExchange() {
        Exchange exchange = template.request("rmpcoap:coaps://127.0.0.1:" + serverPort() + "/rpk?privateKey=#producerPrivate"
                                             + "&publicKey=#producerPublic&advancedCertificateVerifier=#trustRogue&timeout=5000",
                e -> {
                });
        assertNotNull(exchange.getException(), "an untrusted server key must fail the exchange");
    }

    @Test
    void halfAPairOrKeysOfTwoPairsAreRefusedAtEndpointCreation() {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coaps://127.0.0.1:1/x?privateKey=#gatewayPrivate&trustAllRawPublicKeys=true"));
        assertTrue(e.getMessage().contains("privateKey and publicKey"), e.getMessage());
        e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coaps://127.0.0.1:1/x?privateKey=#gatewayPrivate&publicKey=#devicePublic"));
        assertTrue(e.getMessage().contains("not one key pair"), e.getMessage());
        e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coaps://127.0.0.1:1/x?privateKey=#gatewayPrivate&publicKey=#gatewayPublic"
                                          + "&keyStore=file:/nowhere.p12"));
        assertTrue(e.getMessage().contains("keyStore"), e.getMessage());
        e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coaps://127.0.0.1:1/x?advancedCertificateVerifier=#trustDevice"
                                          + "&trustAllRawPublicKeys=true"));
        assertTrue(e.getMessage().contains("advancedCertificateVerifier cannot be combined"), e.getMessage());
    }
}
