package io.rmpcoap.routes;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;

import io.rmpcoap.camel.test.LibCoap;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.test.TestPki;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway end to end over DTLS with certificates (TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8): the gateway route serves
 * its server certificate from a key store given in rmp.gateway.keyStore; a Scandium certificate device and libcoap's
 * coap-client-openssl trust the test CA and call a real local HTTP server through it. Certificate devices have no PSK
 * identity, so rmp.gateway.requireIdentityMatch (left at its default, true) does not apply to them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CertificateGatewayTest {

    private static final String TOKEN = GatewayContract.TOKEN; // hello:world
    private static final String OTHER_TOKEN = "b3RoZXI6d29ybGQ="; // other:world

    @TempDir
    static Path dir;

    private TestPki pki;
    private RecordingHttpServer api;
    private CamelContext context;
    private TestDevice device;
    private int gatewayPort;

    @BeforeAll
    void startGateway() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        api = new RecordingHttpServer();
        Properties properties = new Properties();
        properties.setProperty("rmp.gateway.listen", "coaps://127.0.0.1:0");
        properties.setProperty("rmp.gateway.keyStore", pki.server().keyStoreUri());
        properties.setProperty("rmp.gateway.keyStorePassword", TestPki.PASSWORD);
        properties.setProperty("rmp.gateway.cipherSuites", "TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8");
        properties.setProperty("rmp.gateway.allowedTargets", api.base() + "/api/");
        context = new DefaultCamelContext();
        context.getPropertiesComponent().setOverrideProperties(properties);
        context.addRoutes(new GatewayRouteBuilder());
        context.start();
        gatewayPort = port(context, GatewayRouteBuilder.ROUTE_ID);
        device = TestDevice.certificate(List.of(pki.ca().certificate()), null, null);
    }

    @AfterAll
    void stopGateway() {
        if (device != null) {
            device.close();
        }
        if (context != null) {
            context.stop();
        }
        if (api != null) {
            api.close();
        }
    }

    @BeforeEach
    void forgetRequests() {
        api.requests.clear();
    }

    private static Request proxied(CoAP.Code method, String proxyUri, String json) {
        Request request = new Request(method);
        request.getOptions().setProxyUri(proxyUri);
        if (json != null) {
            request.setPayload(json);
            request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_JSON);
        }
        return request;
    }

    @Test
    void certificateDevicePostReachesTheApiWithBasicAuthQueryKeptAndWithoutTheKey() throws Exception {
        CoapResponse response = device.send(proxied(CoAP.Code.POST, api.base() + "/api/x?key=" + TOKEN + "&a=1", "{\"t\":21}"),
                gatewayPort);
        assertNotNull(response, "the gateway did not answer");

        RecordingHttpServer.Seen seen = api.next();
        assertEquals("POST", seen.method());
        assertEquals("/api/x", seen.path());
        assertEquals("a=1", seen.query());
        assertEquals("Basic " + TOKEN, seen.authorization());
        assertEquals("{\"t\":21}", new String(seen.body(), StandardCharsets.UTF_8));
        assertEquals(ResponseCode.CHANGED, response.getCode());
        assertEquals("{\"method\":\"POST\",\"body\":\"{\"t\":21}\"}", response.getResponseText());
    }

    @Test
    void identityMatchDoesNotApplyToCertificateDevices() throws Exception {
        CoapResponse response = device.send(proxied(CoAP.Code.GET, api.base() + "/api/x?key=" + OTHER_TOKEN, null),
                gatewayPort);
        assertNotNull(response, "the gateway did not answer");
        assertEquals(ResponseCode.CONTENT, response.getCode());
        assertEquals("Basic " + OTHER_TOKEN, api.next().authorization());
    }

    @Test
    void certificateDeviceWithoutTokenIsUnauthorizedAndTheApiIsNotCalled() throws Exception {
        CoapResponse response = device.send(proxied(CoAP.Code.GET, api.base() + "/api/x?a=1", null), gatewayPort);
        assertNotNull(response, "the gateway did not answer");
        assertEquals(ResponseCode.UNAUTHORIZED, response.getCode());
        assertNull(api.requests.poll());
    }

    @Test
    void deviceThatDoesNotTrustTheGatewayCertificateGetsNothingAndTheApiIsNotCalled() throws Exception {
        try (TestDevice stranger = TestDevice.certificate(List.of(pki.rogueCa().certificate()), null, null)) {
            assertNull(stranger.send(proxied(CoAP.Code.GET, api.base() + "/api/x?key=" + TOKEN, null), gatewayPort, 3000));
        }
        assertNull(api.requests.poll());
    }

    @Test
    void libCoapClientTrustingTheCaThroughTheGatewayWithBasicAuthAndQueryKept() throws Exception {
        LibCoap.assumeAvailable();
        LibCoap.Result result = LibCoap.client(Duration.ofSeconds(20), "-m", "post", "-e", "{\"v\":1}", "-t", "50",
                "-R", pki.ca().pem().toString(), "-P", "coaps://127.0.0.1:" + gatewayPort,
                api.base() + "/api/x?key=" + TOKEN + "&a=1");

        RecordingHttpServer.Seen seen = api.next();
        assertEquals("POST", seen.method(), result.describe());
        assertEquals("/api/x", seen.path());
        assertEquals("a=1", seen.query());
        assertEquals("Basic " + TOKEN, seen.authorization());
        assertTrue(result.stdout().contains("\"method\":\"POST\""), result.describe());
    }

    @Test
    void libCoapClientTrustingAnotherCaGetsNothingAndTheApiIsNotCalled() throws Exception {
        LibCoap.assumeAvailable();
        LibCoap.Result result = LibCoap.client(Duration.ofSeconds(20), "-B", "3", "-R", pki.rogueCa().pem().toString(),
                "-P", "coaps://127.0.0.1:" + gatewayPort, api.base() + "/api/x?key=" + TOKEN + "&a=1");
        assertFalse(result.stdout().contains("method"), result.describe());
        assertNull(api.requests.poll());
    }
}
