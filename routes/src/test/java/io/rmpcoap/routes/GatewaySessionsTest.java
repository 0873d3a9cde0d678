package io.rmpcoap.routes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.rmpcoap.camel.test.ChildProcess;
import io.rmpcoap.camel.test.Closer;
import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.LogCapture;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.test.UdpRelay;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway's DTLS sessions: with the default {@code rmp.gateway.connectionIdLength} (6) a device keeps its session
 * across a NAT rebinding (a {@link UdpRelay}); with {@code rmp.gateway.sessionStore*} it keeps it across a restart of
 * the gateway, in the same CamelContext or in a second JVM. The Composite API (a real HTTP server) gets each request
 * exactly once.
 */
class GatewaySessionsTest {

    private static final String PASSWORD = "gateway-St0re+Pass";

    @TempDir
    Path dir;

    private final int port = FreePorts.udp();
    private final Closer closer = new Closer();
    private RecordingHttpServer api;

    @BeforeEach
    void startApi() throws IOException {
        api = closer.add(new RecordingHttpServer());
    }

    @AfterEach
    void closeEverything() throws Exception {
        closer.close();
    }

    private Properties properties(boolean store) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("rmp.gateway.listen", "coaps://127.0.0.1:" + port);
        properties.setProperty("rmp.gateway.pskIdentity", "hello");
        properties.setProperty("rmp.gateway.pskKey", GatewayContract.hexKey("world"));
        properties.setProperty("rmp.gateway.allowedTargets", api.base() + "/api/");
        if (store) {
            properties.setProperty("rmp.gateway.sessionStoreFile", dir.resolve("sessions.bin").toString());
            properties.setProperty("rmp.gateway.sessionStorePassword", PASSWORD);
        }
        return properties;
    }

    private CamelContext gateway(Properties properties) throws Exception {
        CamelContext context = closer.add(new DefaultCamelContext());
        context.getPropertiesComponent().setOverrideProperties(properties);
        context.addRoutes(new GatewayRouteBuilder());
        context.start();
        return context;
    }

    private CoapResponse post(TestDevice device, UdpRelay relay, String text, long waitMillis) throws Exception {
        Request request = Request.newPost();
        request.getOptions().setProxyUri(api.base() + "/api/" + text + "?key=" + GatewayContract.TOKEN);
        request.setPayload(text);
        return device.send(request, relay.port(), waitMillis);
    }

    /** Sends one request and checks that it was answered and reached the API exactly once. */
    private void answeredOnce(TestDevice device, UdpRelay relay, String text) throws Exception {
        CoapResponse response = post(device, relay, text, 10_000);
        assertNotNull(response, "no answer to " + text);
        assertEquals(ResponseCode.CHANGED, response.getCode());
        assertEquals("/api/" + text, api.next().path());
        assertNull(api.requests.poll(), "the API got " + text + " more than once");
    }

    @Test
    void byDefaultADeviceKeepsItsSessionAcrossANatRebindingAndTheApiGetsEachRequestOnce() throws Exception {
        gateway(properties(false));
        UdpRelay relay = closer.add(new UdpRelay(port));
        TestDevice device = closer.add(TestDevice.psk("hello", GatewayContract.hexKey("world"), 0));
        answeredOnce(device, relay, "before");
        int handshakes = relay.clientHellos();

        relay.rebind();

        for (int i = 0; i < 3; i++) {
            answeredOnce(device, relay, "after" + i);
        }
        assertEquals(handshakes, relay.clientHellos(), "no new ClientHello after the rebinding");
    }

    @Test
    void withTheConnectionIdTurnedOffTheRebindingBreaksTheSession() throws Exception {
        Properties properties = properties(false);
        properties.setProperty("rmp.gateway.connectionIdLength", "");
        gateway(properties);
        UdpRelay relay = closer.add(new UdpRelay(port));
        TestDevice device = closer.add(TestDevice.psk("hello", GatewayContract.hexKey("world"), 0));
        answeredOnce(device, relay, "before");
        int handshakes = relay.clientHellos();

        relay.rebind();

        CoapResponse after = post(device, relay, "after", 3_000);
        assertTrue(after == null || relay.clientHellos() > handshakes,
                "the rebinding went unnoticed: the relay does not change the device's address");
    }

    @Test
    void withTheSessionStoreADeviceGoesOnAfterARestartWithoutANewHandshakeAndThePasswordIsNeverLogged() throws Exception {
        // Camel core's placeholder loggers print every property value at DEBUG; SECURITY.md says to keep them at INFO
        LogCapture log = closer.add(LogCapture.debug("org.apache.hc.client5.http.wire", "org.apache.hc.client5.http.headers",
                "org.apache.camel.impl.engine.DefaultCamelContextExtension",
                "org.apache.camel.component.properties.DefaultPropertiesParser"));
        CamelContext context = gateway(properties(true));
        UdpRelay relay = closer.add(new UdpRelay(port));
        TestDevice device = closer.add(TestDevice.psk("hello", GatewayContract.hexKey("world"), 0));
        answeredOnce(device, relay, "before");
        int handshakes = relay.clientHellos();

        context.stop();
        assertTrue(Files.exists(dir.resolve("sessions.bin")));
        context.start();

        answeredOnce(device, relay, "after");
        assertEquals(handshakes, relay.clientHellos(), "no new handshake after the restart");
        assertTrue(log.text().contains("Restored 1 DTLS sessions"), "DEBUG logging was on");
        assertFalse(log.text().contains(PASSWORD), "the store password reached a log");
    }

    @Test
    void theSessionStoreIsOffByDefaultAndARestartCostsTheDeviceItsSession() throws Exception {
        CamelContext context = gateway(properties(false));
        UdpRelay relay = closer.add(new UdpRelay(port));
        TestDevice device = closer.add(TestDevice.psk("hello", GatewayContract.hexKey("world"), 0));
        answeredOnce(device, relay, "before");
        int handshakes = relay.clientHellos();

        context.stop();
        context.start();

        CoapResponse after = post(device, relay, "after", 3_000);
        assertTrue(after == null || relay.clientHellos() > handshakes, "the session survived without a store");
        try (var files = Files.list(dir)) {
            assertEquals(0, files.count(), "nothing is written without a store");
        }
    }

    @Test
    void withTheSessionStoreADeviceGoesOnWithASecondGatewayProcess() throws Exception {
        CamelContext first = gateway(properties(true));
        UdpRelay relay = closer.add(new UdpRelay(port));
        TestDevice device = closer.add(TestDevice.psk("hello", GatewayContract.hexKey("world"), 0));
        answeredOnce(device, relay, "before");
        int handshakes = relay.clientHellos();
        first.stop();

        List<String> args = new ArrayList<>();
        properties(true).forEach((key, value) -> {
            if (!key.equals("rmp.gateway.sessionStorePassword")) {
                args.add(key + "=" + value);
            }
        });
        ChildProcess child = closer.add(ChildProcess.start(GatewayProcess.class, args,
                Map.of(GatewayProcess.PASSWORD_VARIABLE, PASSWORD)));

        answeredOnce(device, relay, "second-process");
        assertEquals(handshakes, relay.clientHellos(), "no new handshake with the second gateway process");

        child.stop();
        assertFalse(child.output().contains(PASSWORD), child::output);
    }

}
