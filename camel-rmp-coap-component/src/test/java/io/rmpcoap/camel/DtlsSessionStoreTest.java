package io.rmpcoap.camel;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.rmpcoap.camel.test.ChildProcess;
import io.rmpcoap.camel.test.Closer;
import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.LogCapture;
import io.rmpcoap.camel.test.SessionStoreConsumerProcess;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.test.UdpRelay;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * DTLS sessions that survive a restart: a Scandium device (counted by a {@link UdpRelay}) keeps talking to a consumer
 * that is stopped and started again, in the same CamelContext or in a second JVM process, on one encrypted session
 * store; every bad store is a clean start with a WARN that names the file and the reason, never the password.
 */
class DtlsSessionStoreTest {

    private static final String KEY = PskKeys.hexKey("world");
    private static final String PASSWORD = "S3cret+Store/Pass=word";

    @TempDir
    Path dir;

    private final int port = FreePorts.udp();
    private final Closer closer = new Closer();
    private final CountDownLatch slowRoute = new CountDownLatch(1);

    @AfterEach
    void closeEverything() throws Exception {
        slowRoute.countDown();
        closer.close();
    }

    private Path store() {
        return dir.resolve("sessions.bin");
    }

    private String consumerUri(String password, long maxAge) {
        return "rmpcoap:coaps://127.0.0.1:" + port + "/s?pskIdentity=hello&pskPassword=world&connectionIdLength=6"
               + "&separateResponseDelay=200&muteException=false&sessionStoreFile=" + store() + "&sessionStoreMaxAge=" + maxAge
               + (password == null ? "" : "&sessionStorePassword=RAW(" + password + ")");
    }

    private CamelContext gateway(String password, long maxAge) throws Exception {
        CamelContext context = closer.add(new DefaultCamelContext());
        String uri = consumerUri(password, maxAge);
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(uri).routeId("gateway")
                        .filter(body().isEqualTo("slow"))
                            .process(e -> slowRoute.await(20, TimeUnit.SECONDS))
                        .end()
                        .setBody(simple("answer ${bodyAs(String)}"));
            }
        });
        context.getShutdownStrategy().setTimeout(20);
        context.start();
        return context;
    }

    private static CoapResponse post(TestDevice device, UdpRelay relay, String payload, long waitMillis)
            throws InterruptedException {
        Request request = Request.newPost().setURI("coaps://127.0.0.1/s");
        request.setPayload(payload);
        return device.send(request, relay.port(), waitMillis);
    }

    /** A device with one session saved in the store by a stopped gateway; returns the relay it talks through. */
    private UdpRelay deviceWithASavedSession(TestDevice device) throws Exception {
        CamelContext first = gateway(PASSWORD, RmpCoapConfiguration.DEFAULT_SESSION_STORE_MAX_AGE);
        UdpRelay relay = closer.add(new UdpRelay(port));
        CoapResponse response = post(device, relay, "hello", 10_000);
        assertNotNull(response, "no answer before the restart");
        first.stop();
        assertTrue(Files.exists(store()), "the sessions were saved at stop");
        return relay;
    }

    @Test
    void sessionsSurviveAContextRestartWithoutANewHandshakeAndTheFileIsOwnerOnlyAndRemovedOnLoad() throws Exception {
        TestDevice device = closer.add(TestDevice.psk("hello", KEY, 0));
        CamelContext context = gateway(PASSWORD, RmpCoapConfiguration.DEFAULT_SESSION_STORE_MAX_AGE);
        UdpRelay relay = closer.add(new UdpRelay(port));
        assertEquals("answer one", post(device, relay, "one", 10_000).getResponseText());
        int handshakes = relay.clientHellos();

        context.stop();
        assertEquals(PosixFilePermissions.fromString("rw-------"), Files.getPosixFilePermissions(store()));
        assertFalse(new String(Files.readAllBytes(store()), StandardCharsets.ISO_8859_1).contains("hello"),
                "the PSK identity is encrypted, not in the clear");
        context.start();

        assertFalse(Files.exists(store()), "the store is removed once loaded");
        CoapResponse after = post(device, relay, "two", 10_000);
        assertNotNull(after, "the device's next request after the restart was not answered");
        assertEquals("answer two", after.getResponseText());
        assertEquals(handshakes, relay.clientHellos(), "no new handshake after the restart");
    }

    @Test
    void sessionsMoveToASecondJvmProcessOnTheSameStore() throws Exception {
        TestDevice device = closer.add(TestDevice.psk("hello", KEY, 0));
        UdpRelay relay = deviceWithASavedSession(device);
        int handshakes = relay.clientHellos();

        ChildProcess child = closer.add(ChildProcess.start(SessionStoreConsumerProcess.class,
                List.of(consumerUri(null, RmpCoapConfiguration.DEFAULT_SESSION_STORE_MAX_AGE)),
                Map.of(SessionStoreConsumerProcess.PASSWORD_VARIABLE, PASSWORD)));

        CoapResponse response = post(device, relay, "to-the-child", 10_000);
        assertNotNull(response, child::output);
        assertEquals("child to-the-child", response.getResponseText());
        assertEquals(handshakes, relay.clientHellos(), "no new handshake with the second process");

        child.stop();
        assertTrue(child.output().contains("STOPPED"), child::output);
        assertTrue(Files.exists(store()), "the second process saved the sessions again");
        assertFalse(child.output().contains(PASSWORD));
    }


    @Test
    void aSeparateResponsePendingAtStopIsSentBeforeTheSessionsAreSavedAndTheRestartNeedsNoHandshake() throws Exception {
        TestDevice device = closer.add(TestDevice.psk("hello", KEY, 0));
        CamelContext context = gateway(PASSWORD, RmpCoapConfiguration.DEFAULT_SESSION_STORE_MAX_AGE);
        UdpRelay relay = closer.add(new UdpRelay(port));
        assertNotNull(post(device, relay, "first", 10_000));
        int handshakes = relay.clientHellos();

        Request slow = Request.newPost().setURI("coaps://127.0.0.1/s");
        slow.setPayload("slow");
        assertNull(device.send(slow, relay.port(), 1_000), "the route holds the answer");
        await().atMost(Duration.ofSeconds(5)).until(slow::isAcknowledged);

        // Camel suspends the consumer and waits for the exchange in flight: the server stays open, nothing is saved
        // yet (before, the server closed at once and the separate response was lost)
        Thread stopping = new Thread(context::stop, "stopping");
        stopping.start();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(3)).until(() -> !Files.exists(store()));
        slowRoute.countDown();
        await().atMost(Duration.ofSeconds(10)).until(() -> slow.getResponse() != null);
        assertEquals("answer slow", slow.getResponse().getPayloadString());
        stopping.join(20_000);
        assertTrue(context.isStopped());
        assertTrue(Files.exists(store()), "the sessions are saved once the answer is out");

        context.start();
        CoapResponse after = post(device, relay, "after", 10_000);
        assertNotNull(after, "the device's next request after the restart was not answered");
        assertEquals("answer after", after.getResponseText());
        assertEquals(handshakes, relay.clientHellos(), "no new handshake after the restart");
    }

    enum BadStore {
        WRONG_PASSWORD("cannot be decrypted: wrong sessionStorePassword") {
            @Override
            String loadPassword() {
                return "another-password";
            }
        },
        TRUNCATED("cannot be decrypted") {
            @Override
            void damage(Path file) throws IOException {
                byte[] content = Files.readAllBytes(file);
                Files.write(file, java.util.Arrays.copyOf(content, content.length / 2));
            }
        },
        TRUNCATED_IN_THE_HEADER("is truncated") {
            @Override
            void damage(Path file) throws IOException {
                Files.write(file, java.util.Arrays.copyOf(Files.readAllBytes(file), 23));
            }
        },
        CORRUPTED("cannot be decrypted") {
            @Override
            void damage(Path file) throws IOException {
                byte[] content = Files.readAllBytes(file);
                content[content.length - 40] ^= 0x5a;
                Files.write(file, content);
            }
        },
        FROM_ANOTHER_VERSION("was written by another version") {
            @Override
            void damage(Path file) throws IOException {
                byte[] content = Files.readAllBytes(file);
                content[21 + 3] = 9; // the format number after the 21-byte magic
                Files.write(file, content);
            }
        },
        NOT_A_STORE("is not an rmpcoap DTLS session store") {
            @Override
            void damage(Path file) throws IOException {
                Files.writeString(file, "identity=0123456789abcdef\n");
            }
        },
        OLDER_THAN_THE_MAXIMUM_AGE("is older than sessionStoreMaxAge") {
            @Override
            long loadMaxAge() {
                return 1000;
            }

            @Override
            void damage(Path file) {
                await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(
                        () -> System.currentTimeMillis() - Files.getLastModifiedTime(file).toMillis() > 1200);
            }
        },
        UNREADABLE("cannot be read") {
            @Override
            void damage(Path file) throws IOException {
                Files.delete(file);
                Files.createDirectory(file);
            }
        };

        final String reason;

        BadStore(String reason) {
            this.reason = reason;
        }

        void damage(Path file) throws IOException {
        }

        String loadPassword() {
            return PASSWORD;
        }

        long loadMaxAge() {
            return RmpCoapConfiguration.DEFAULT_SESSION_STORE_MAX_AGE;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(BadStore.class)
    void aBadStoreIsACleanStartWithAWarnNamingTheFileAndTheReasonButNeverThePassword(BadStore bad) throws Exception {
        TestDevice device = closer.add(TestDevice.psk("hello", KEY, 0));
        try (LogCapture log = LogCapture.debug()) {
            deviceWithASavedSession(device);
            bad.damage(store());

            CamelContext restarted = gateway(bad.loadPassword(), bad.loadMaxAge());

            assertTrue(restarted.getRouteController().getRouteStatus("gateway").isStarted());
            String warning = log.text().lines().filter(l -> l.contains("DTLS session store " + store() + " "))
                    .findFirst().orElse("");
            assertTrue(warning.contains(bad.reason) && warning.contains("starting without saved sessions"),
                    "WARN naming the file and the reason expected, got: " + warning);
            try (UdpRelay fresh = new UdpRelay(port); TestDevice newcomer = TestDevice.psk("hello", KEY, 0)) {
                assertEquals("answer new", post(newcomer, fresh, "new", 10_000).getResponseText(),
                        "the consumer serves after a clean start");
            }
            assertTrue(log.size() > 100, "DEBUG logging was on");
            assertFalse(log.text().contains(PASSWORD), "the store password reached a log");
            assertFalse(log.text().contains(bad.loadPassword()), "the store password reached a log");
        }
    }

    @Test
    void aStoreWithoutPasswordOrOnPlainCoapIsRefusedNamingTheOption() throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            ResolveEndpointFailedException noPassword = assertThrows(ResolveEndpointFailedException.class,
                    () -> context.getEndpoint("rmpcoap:coaps://127.0.0.1:0/s?pskIdentity=a&pskKey=b&sessionStoreFile="
                                              + store()));
            assertTrue(noPassword.getMessage().contains("sessionStoreFile needs a sessionStorePassword"),
                    noPassword.getMessage());
            ResolveEndpointFailedException plain = assertThrows(ResolveEndpointFailedException.class,
                    () -> context.getEndpoint("rmpcoap:coap://127.0.0.1:0/s?sessionStorePassword=x&sessionStoreFile="
                                              + store()));
            assertTrue(plain.getMessage().contains("sessionStoreFile needs coaps"), plain.getMessage());
            ResolveEndpointFailedException shortAge = assertThrows(ResolveEndpointFailedException.class,
                    () -> context.getEndpoint("rmpcoap:coaps://127.0.0.1:0/s?pskIdentity=a&pskKey=b&sessionStorePassword=p4ss-not-shown"
                                              + "&sessionStoreMaxAge=10&sessionStoreFile=" + store()));
            assertTrue(shortAge.getMessage().contains("sessionStoreMaxAge must be at least 1000 ms"), shortAge.getMessage());
            assertFalse(shortAge.getMessage().contains("p4ss-not-shown"), shortAge.getMessage());
        }
    }

    @Test
    void anUnwritableStoreIsAWarnAtStopAndTheConsumerStillStops() throws Exception {
        Files.createDirectory(dir.resolve("blocker"));
        Files.writeString(dir.resolve("blocker").resolve("x"), "");
        try (LogCapture log = LogCapture.debug(); CamelContext context = new DefaultCamelContext()) {
            String uri = "rmpcoap:coaps://127.0.0.1:0/s?pskIdentity=hello&pskPassword=world&sessionStorePassword=RAW("
                         + PASSWORD + ")&sessionStoreFile=" + dir.resolve("blocker").resolve("x").resolve("sessions.bin");
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).routeId("gateway").setBody(constant("ok"));
                }
            });
            context.start();
            context.stop();
            assertTrue(context.isStopped());
            assertTrue(log.text().contains("DTLS sessions cannot be saved to " + dir.resolve("blocker")), log.text());
            assertFalse(log.text().contains(PASSWORD));
        }
    }
}
