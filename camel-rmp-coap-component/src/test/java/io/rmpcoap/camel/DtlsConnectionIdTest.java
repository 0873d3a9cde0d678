package io.rmpcoap.camel;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.test.UdpRelay;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DTLS Connection ID (RFC 9146): a Scandium device that offers it keeps its session when a NAT gives it a new source
 * port (a {@link UdpRelay} in between); the same device against a consumer without Connection ID is the control that
 * shows the relay really moves the device.
 */
class DtlsConnectionIdTest extends CamelTestSupport {

    private static final String KEY = PskKeys.hexKey("world");
    private final CountDownLatch slowAnswer = new CountDownLatch(1);
    private final CountDownLatch separateAnswer = new CountDownLatch(1);

    @Override
    protected RouteBuilder createRouteBuilder() {
        return new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coaps://127.0.0.1:0/cid?pskIdentity=hello&pskPassword=world&connectionIdLength=6").routeId("cid")
                        .to("mock:cid")
                        .setBody(simple("${header.CamelRmpCoapRemoteAddress} ${bodyAs(String)}"));
                // no empty ACK before the answer, so that the device retransmits while the route works
                from("rmpcoap:coaps://127.0.0.1:0/slow?pskIdentity=hello&pskPassword=world&connectionIdLength=6"
                     + "&separateResponseDelay=60000").routeId("slowCid")
                        .to("mock:slowCid")
                        .process(exchange -> {
                            if ("slow".equals(exchange.getMessage().getBody(String.class))) {
                                assertTrue(slowAnswer.await(30, TimeUnit.SECONDS));
                            }
                        });
                // an empty ACK at once, the answer later as a separate response
                from("rmpcoap:coaps://127.0.0.1:0/separate?pskIdentity=hello&pskPassword=world&connectionIdLength=6"
                     + "&separateResponseDelay=100").routeId("separateCid")
                        .process(exchange -> {
                            if ("held".equals(exchange.getMessage().getBody(String.class))) {
                                assertTrue(separateAnswer.await(30, TimeUnit.SECONDS));
                            }
                        });
                from("rmpcoap:coaps://127.0.0.1:0/plain?pskIdentity=hello&pskPassword=world").routeId("noCid")
                        .to("mock:noCid")
                        .setBody(simple("${header.CamelRmpCoapRemoteAddress} ${bodyAs(String)}"));
            }
        };
    }

    private static CoapResponse post(TestDevice device, UdpRelay relay, String path, String payload, long waitMillis)
            throws InterruptedException {
        Request request = Request.newPost().setURI("coaps://127.0.0.1/" + path);
        request.setPayload(payload);
        return device.send(request, relay.port(), waitMillis);
    }

    @Test
    void deviceWithConnectionIdIsAnsweredAtItsNewAddressAfterANatRebindingWithoutANewHandshake() throws Exception {
        MockEndpoint route = getMockEndpoint("mock:cid");
        try (UdpRelay relay = new UdpRelay(port(context, "cid"));
             TestDevice device = TestDevice.psk("hello", KEY, 0)) {
            for (int i = 0; i < 3; i++) {
                CoapResponse before = post(device, relay, "cid", "before-" + i, 10_000);
                assertNotNull(before, "no answer before the rebinding");
                assertEquals("127.0.0.1:" + relay.publicPort() + " before-" + i, before.getResponseText());
            }
            int handshakes = relay.clientHellos();
            int oldPort = relay.publicPort();

            relay.rebind();

            for (int i = 0; i < 3; i++) {
                CoapResponse after = post(device, relay, "cid", "after-" + i, 10_000);
                assertNotNull(after, "no answer after the rebinding");
                assertEquals(ResponseCode.CHANGED, after.getCode());
                // the route saw the new address, and the answer reached the device there (the old port is closed)
                assertEquals("127.0.0.1:" + relay.publicPort() + " after-" + i, after.getResponseText());
            }
            assertTrue(relay.publicPort() != oldPort);
            assertEquals(handshakes, relay.clientHellos(), "no new ClientHello after the rebinding");
            assertEquals(6, route.getReceivedCounter(), "each request reached the route exactly once");
        }
    }

    /**
     * Californium deduplicates by the peer's address unless told otherwise: the retransmission from the new address
     * ran the route a second time (and through a balancer reached the API twice) before the server identified
     * devices with a Connection ID by their connection.
     */
    @Test
    void aRequestRetransmittedFromTheNewAddressAfterARebindingRunsTheRouteOnce() throws Exception {
        MockEndpoint route = getMockEndpoint("mock:slowCid");
        try (UdpRelay relay = new UdpRelay(port(context, "slowCid"));
             TestDevice device = TestDevice.psk("hello", KEY, 0)) {
            assertNotNull(post(device, relay, "slow", "warm", 10_000), "no answer before the rebinding");
            Request slow = Request.newPost().setURI("coaps://127.0.0.1/slow");
            slow.setPayload("slow");
            device.sendWithoutWaiting(slow, relay.port());
            await().atMost(Duration.ofSeconds(10)).until(() -> route.getReceivedCounter() == 2);

            relay.rebind();

            // the device retransmits after 2 to 3 s, and again 4 to 6 s later, now from the relay's new port
            await().during(Duration.ofSeconds(8)).atMost(Duration.ofSeconds(10))
                    .until(() -> route.getReceivedCounter() == 2);
            int sent = relay.datagramsFromDevice();
            slowAnswer.countDown();
            var answer = slow.waitForResponse(10_000);
            assertNotNull(answer, "no answer at the new address");
            assertEquals(ResponseCode.CHANGED, answer.getCode());
            assertEquals(2, route.getReceivedCounter(), "the retransmission ran the route again");
            // the next retransmission is due 14 to 21 s after the request, well after the answer
            assertEquals(sent, relay.datagramsFromDevice(),
                    "the answer went to the old address and reached the device only with its next retransmission");
        }
    }

    /**
     * Californium addresses an answer to where the request came from: a separate response to a device that has been
     * heard from a new address meanwhile was dropped, as Scandium keeps no connection at the old one.
     */
    @Test
    void aSeparateResponseReachesADeviceThatMovedWhileTheRouteWorked() throws Exception {
        try (UdpRelay relay = new UdpRelay(port(context, "separateCid"));
             TestDevice device = TestDevice.psk("hello", KEY, 0)) {
            Request held = Request.newPost().setURI("coaps://127.0.0.1/separate");
            held.setPayload("held");
            device.sendWithoutWaiting(held, relay.port());
            await().atMost(Duration.ofSeconds(10)).until(held::isAcknowledged);

            relay.rebind();
            CoapResponse fresh = post(device, relay, "separate", "fresh", 10_000);
            assertNotNull(fresh, "no answer at the new address");

            separateAnswer.countDown();
            var answer = held.waitForResponse(10_000);
            assertNotNull(answer, "the separate response was lost");
            assertEquals(ResponseCode.CHANGED, answer.getCode());
            assertEquals("held", answer.getPayloadString());
        }
    }

    @Test
    void withoutConnectionIdTheRebindingBreaksTheSession() throws Exception {
        try (UdpRelay relay = new UdpRelay(port(context, "noCid"));
             TestDevice device = TestDevice.psk("hello", KEY, 0)) {
            assertNotNull(post(device, relay, "plain", "before", 10_000), "no answer before the rebinding");
            int handshakes = relay.clientHellos();

            relay.rebind();

            CoapResponse after = post(device, relay, "plain", "after", 3_000);
            assertTrue(after == null || relay.clientHellos() > handshakes,
                    "the rebinding went unnoticed: the relay does not change the device's address");
        }
    }

    @Test
    void deviceWithoutConnectionIdIsServedByAConsumerWithConnectionId() throws Exception {
        try (UdpRelay relay = new UdpRelay(port(context, "cid"));
             TestDevice device = TestDevice.psk("hello", KEY)) {
            CoapResponse response = post(device, relay, "cid", "no-cid", 10_000);
            assertNotNull(response);
            assertEquals("127.0.0.1:" + relay.publicPort() + " no-cid", response.getResponseText());
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "-1", "17" })
    void connectionIdLengthOutsideZeroToSixteenIsRefusedNamingTheOption(String length) {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coaps://127.0.0.1:0/x?pskIdentity=a&pskKey=b&connectionIdLength=" + length));
        assertTrue(e.getMessage().contains("connectionIdLength must be from 0 to 16"), e.getMessage());
    }

    @Test
    void producerWithConnectionIdTalksToAConsumerWithConnectionId() {
        String answer = template.requestBody("rmpcoap:coaps://127.0.0.1:" + port(context, "cid")
                                             + "/cid?pskIdentity=hello&pskPassword=world&connectionIdLength=4",
                "from-producer", String.class);
        assertTrue(answer.endsWith(" from-producer"), answer);
    }
}
