package io.rmpcoap.routes;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.DatagramSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.test.UdpRelay;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.util.Bytes;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.MultiNodeConnectionIdGenerator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Gateway replicas behind a plain UDP load balancer, as they run in production: nginx's UDP stream proxy round-robin
 * over three replica JVMs on 127.0.0.2, .3 and .4, each started from the application.properties and environment of
 * {@code deploy/kubernetes/cluster} ({@link ClusterManifests}), all calling one recording HTTP API. Devices are
 * Californium clients offering a Connection ID, each behind its own {@link UdpRelay} (a NAT whose rebinding gives the
 * device a new source port: a new balancer session, usually on another replica), which also counts the device's
 * ClientHellos. One balancer and API serve all scenarios; each scenario brings its own devices and asserts counts.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayClusterBalancerTest {

    static final int DEVICES = 20;
    static final int REQUESTS = 200;
    static final int SWITCH_EVERY = 5;
    static final long REQUEST_TIMEOUT = 10_000;
    static final List<String> HOSTS = List.of("127.0.0.2", "127.0.0.3", "127.0.0.4");
    static final String CLUSTER_SECRET = "cluster-Secret+for-tests";
    static final String STORE_PASSWORD = "store-Pass+for-tests";
    /** What a test machine sets differently from the pods: addresses, ports and file paths, nothing else. */
    static final Set<String> MACHINE_PROPERTIES = Set.of("rmp.gateway.listen", "rmp.gateway.pskStoreFile",
            "rmp.gateway.allowedTargets", "rmp.gateway.cluster.nodes", "rmp.gateway.cluster.managementAddress",
            "rmp.gateway.sessionStoreFile", "camel.management.host", "camel.management.port");

    @TempDir
    static Path dir;

    private RecordingHttpServer api;
    private NginxUdpBalancer balancer;
    private final int coapPort = freeOnAll(true);
    private final int clusterPort = freeOnAll(true);
    private final int managementPort = freeOnAll(false);
    private final List<GatewayReplica> replicas = new ArrayList<>();
    private final List<AutoCloseable> devices = new ArrayList<>();
    private final ExecutorService pool = Executors.newFixedThreadPool(DEVICES);

    @BeforeAll
    void startApiAndBalancer() throws Exception {
        api = new RecordingHttpServer();
        StringBuilder store = new StringBuilder();
        for (int i = 1; i <= DEVICES; i++) {
            store.append(identity(i)).append('=').append(GatewayContract.hexKey(password(i))).append('\n');
        }
        Files.writeString(dir.resolve("devices.properties"), store);
        balancer = new NginxUdpBalancer(Files.createDirectory(dir.resolve("nginx")), upstreams(List.of(0, 1, 2)));
    }

    @AfterEach
    void closeDevices() throws Exception {
        for (AutoCloseable device : devices) {
            device.close();
        }
        devices.clear();
    }

    @AfterAll
    void stopEverything() throws Exception {
        pool.shutdownNow();
        stopReplicas();
        if (balancer != null) {
            balancer.close();
        }
        api.close();
    }

    // ------------------------------------------------------------------------------------------------ scenarios

    @Test
    @Order(1)
    void withoutTheClusterTheBalancerMovingDevicesBreaksTheirSessions() throws Exception {
        startReplicas("plain", false);
        List<Device> devices = devices("plain");
        AtomicInteger broken = new AtomicInteger();
        run(devices, device -> {
            for (int i = 1; i < REQUESTS; i++) {
                if (i % SWITCH_EVERY == 0) {
                    device.relay.rebind();
                }
                Response response = device.post(i, 3_000);
                if (response == null || device.relay.clientHellos() > device.hellosPerHandshake) {
                    broken.incrementAndGet();
                    return null; // this device's session is gone: the rest of its run would only wait
                }
            }
            return null;
        });
        stopReplicas();
        assertTrue(broken.get() >= DEVICES / 2,
                "only " + broken.get() + " of " + DEVICES + " devices lost their session: the balancer did not move them");
    }

    @Test
    @Order(2)
    void withTheClusterDevicesSwitchingPortsKeepOneHandshakeAndTheApiGetsEveryRequestOnce() throws Exception {
        startReplicas("cluster", true);
        double handshakes = sum("rmpcoap_dtls_handshakes_total", "role=\"server\"", "result=\"success\"");
        double forwarded = sum("rmpcoap_cluster_records_forwarded_total");
        api.requests.clear();
        List<Device> devices = devices("steady");
        Map<String, Integer> codes = new ConcurrentHashMap<>();
        run(devices, device -> {
            for (int i = 1; i < REQUESTS; i++) {
                if (i % SWITCH_EVERY == 0) {
                    device.relay.rebind();
                }
                Response response = device.post(i, REQUEST_TIMEOUT);
                codes.merge(response == null ? "none" : response.getCode().toString(), 1, Integer::sum);
            }
            return null;
        });

        // request 0 of each device, its handshake, was answered in devices()
        assertEquals(Map.of(ResponseCode.CHANGED.toString(), DEVICES * (REQUESTS - 1)), codes, this::logs);
        assertEveryRequestReachedTheApiOnce(devices, REQUESTS);
        for (Device device : devices) {
            assertEquals(device.hellosPerHandshake, device.relay.clientHellos(), device.name + " handshook again");
        }
        assertEquals(DEVICES, sum("rmpcoap_dtls_handshakes_total", "role=\"server\"", "result=\"success\"") - handshakes,
                "server handshakes over the run");
        assertTrue(sum("rmpcoap_cluster_records_forwarded_total") - forwarded > 0,
                "no record was forwarded: the balancer never moved a device");
    }

    @Test
    @Order(3)
    void aKilledReplicaCostsItsDevicesOneHandshakeWithinTwoRequestTimeoutsAndTheOthersNothing() throws Exception {
        startReplicas("cluster", true);
        List<Device> devices = devices("kill");
        int victim = 1;
        CountDownLatch warm = new CountDownLatch(DEVICES);
        AtomicBoolean killed = new AtomicBoolean();
        Map<Device, Long> recovery = new ConcurrentHashMap<>();
        Map<Device, Integer> failures = new ConcurrentHashMap<>();
        List<Future<Void>> running = start(devices, device -> {
            int afterKill = 0;
            for (int i = 1; i < 1000 && afterKill < 20; i++) {
                if (i == 10) {
                    warm.countDown();
                }
                if (killed.get()) {
                    afterKill++;
                }
                long start = System.nanoTime();
                Response response = device.post(i, REQUEST_TIMEOUT);
                if (response == null) {
                    // as a device gives up on its session: a new socket, a new full handshake, the same request
                    failures.merge(device, 1, Integer::sum);
                    device.relay.rebind();
                    response = device.postWithNewHandshake(i, REQUEST_TIMEOUT);
                    recovery.put(device, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                }
                assertTrue(response != null && response.isSuccess(), device.name + " request " + i + ": " + response);
            }
            return null;
        });
        // the kill happens while every device is talking
        assertTrue(warm.await(60, TimeUnit.SECONDS));
        replicas.get(victim).kill();
        // as Kubernetes takes the pod out of the Service's endpoints
        balancer.setUpstreams(upstreams(List.of(0, 2)));
        killed.set(true);
        for (Future<Void> device : running) {
            device.get(5, TimeUnit.MINUTES);
        }

        for (Device device : devices) {
            if (device.node == victim) {
                assertEquals(1, failures.getOrDefault(device, 0), device.name + " of the killed replica");
                assertEquals(2 * device.hellosPerHandshake, device.relay.clientHellos(), device.name + ": one new handshake");
                assertTrue(recovery.get(device) <= 2 * REQUEST_TIMEOUT, device.name + " recovered after " + recovery.get(device));
            } else {
                assertEquals(0, failures.getOrDefault(device, 0), device.name + " of a replica that lives");
                assertEquals(device.hellosPerHandshake, device.relay.clientHellos(), device.name + " handshook again");
            }
        }
        assertTrue(devices.stream().anyMatch(device -> device.node == victim), "no device had its session on the victim");

        replicas.get(victim).start().awaitReady();
        balancer.setUpstreams(upstreams(List.of(0, 1, 2)));
    }

    @Test
    @Order(4)
    void aRollingRestartWithTheSessionStoreCostsNoHandshakeAndAnswersEveryRequestOnce() throws Exception {
        startReplicas("cluster", true);
        int minReadySeconds = ClusterManifests.statefulSet().getSpec().getMinReadySeconds();
        api.requests.clear();
        List<Device> devices = devices("roll");
        Timeline timeline = new Timeline();
        AtomicBoolean rolled = new AtomicBoolean();
        Map<Device, Integer> sent = new ConcurrentHashMap<>();
        List<Future<Void>> running = start(devices, device -> {
            int after = 0;
            for (int i = 1; i < 1000 && after < 5; i++) {
                if (rolled.get()) {
                    after++;
                }
                // Californium retransmits a Confirmable request 4 times over about 45 s and waits for the answer up
                // to about 140 s after the first send; a device whose replica takes longer to come back (a busy
                // machine) sends it again, as a device application does
                Response response = null;
                for (int attempt = 0; attempt < 2 && response == null; attempt++) {
                    long start = System.currentTimeMillis();
                    response = device.post(i, 150_000);
                    if (attempt > 0 || System.currentTimeMillis() - start > 2_000) {
                        timeline.add(start, device.path(i) + " attempt " + attempt + " sent, answered "
                                            + (response == null ? "never" : response.getCode()) + " after "
                                            + (System.currentTimeMillis() - start) + " ms");
                    }
                }
                String what = device.name + " (balancer sessions from port " + device.relay.publicPort() + ") request " + i
                              + ": " + response;
                assertTrue(response != null && response.isSuccess(), () -> what + "\n" + logs());
                sent.put(device, i);
            }
            return null;
        });
        for (int i = 0; i < replicas.size(); i++) {
            // as Kubernetes rolls a StatefulSet: SIGTERM, the requests in flight answered over the devices' existing
            // flows, then the pod out of the Service's endpoints (nginx: a reload, which ends the sessions that still
            // point at it), and back in them once ready
            int stopping = i;
            timeline.now("replica " + i + " SIGTERM");
            replicas.get(i).stop();
            timeline.now("replica " + i + " ended");
            balancer.setUpstreams(upstreams(IntStream.range(0, HOSTS.size()).filter(n -> n != stopping).boxed().toList()));
            timeline.now("balancer without replica " + i);
            replicas.get(i).start().awaitReady();
            timeline.now("replica " + i + " ready");
            // nginx's reload drops the answers on their way through the old sessions; the StatefulSet's
            // minReadySeconds lets the devices retransmit them to the replicas that still hold them
            balancer.setUpstreams(upstreams(List.of(0, 1, 2)));
            timeline.now("balancer with all replicas");
            Thread.sleep(minReadySeconds * 1000L);
        }
        rolled.set(true);
        for (Future<Void> device : running) {
            device.get(5, TimeUnit.MINUTES);
        }

        for (Device device : devices) {
            assertEquals(device.hellosPerHandshake, device.relay.clientHellos(), device.name + " handshook again");
        }
        List<RecordingHttpServer.Seen> calls = drainCalls();
        calls.forEach(call -> timeline.add(call.atMillis(), call.path() + " at the API"));
        Map<String, Long> seen = countByPath(calls);
        for (Device device : devices) {
            for (int i = 0; i <= sent.get(device); i++) {
                String path = device.path(i);
                assertEquals(1L, seen.getOrDefault(path, 0L), () -> path + " at the API; the roll and this request:\n"
                        + timeline.about(path) + "\n" + logs());
            }
        }
        for (GatewayReplica replica : replicas) {
            assertTrue(replica.log().contains("Restored"), replica::log);
            // the ConfigMap's shutdownDrainTime: answers missed just before the stop were given again, not run again
            assertTrue(replica.log().contains("stays open for 3000 ms"), replica::log);
        }
    }

    // ------------------------------------------------------------------------------------------------ replicas

    private String current = "";

    /** Starts the three replicas from the manifests' configuration (reuses them when already running so). */
    private void startReplicas(String name, boolean cluster) throws Exception {
        if (current.equals(name) && replicas.stream().allMatch(GatewayReplica::isAlive)) {
            return;
        }
        stopReplicas();
        Path set = Files.createDirectories(dir.resolve(name));
        Properties properties = ClusterManifests.applicationProperties();
        if (!cluster) {
            properties.keySet().removeIf(key -> key.toString().startsWith("rmp.gateway.cluster."));
        }
        Path file = set.resolve("application.properties");
        try (var out = Files.newBufferedWriter(file)) {
            properties.store(out, "from " + ClusterManifests.CONFIG_MAP);
        }
        String nodes = IntStream.range(0, HOSTS.size()).mapToObj(i -> i + "=" + HOSTS.get(i) + ":" + clusterPort)
                .collect(Collectors.joining(","));
        for (int i = 0; i < HOSTS.size(); i++) {
            String host = HOSTS.get(i);
            Map<String, String> overrides = new LinkedHashMap<>();
            overrides.put("rmp.gateway.listen", "coaps://" + host + ":" + coapPort);
            overrides.put("rmp.gateway.pskStoreFile", "file:" + dir.resolve("devices.properties"));
            overrides.put("rmp.gateway.allowedTargets", api.base() + "/api/");
            overrides.put("rmp.gateway.sessionStoreFile", Files.createDirectories(set.resolve("node-" + i)).resolve("sessions.bin").toString());
            overrides.put("camel.management.host", host);
            overrides.put("camel.management.port", Integer.toString(managementPort));
            if (cluster) {
                overrides.put("rmp.gateway.cluster.nodes", nodes);
                overrides.put("rmp.gateway.cluster.managementAddress", host + ":" + clusterPort);
            }
            assertTrue(MACHINE_PROPERTIES.containsAll(overrides.keySet()));
            assertTrue(properties.keySet().containsAll(overrides.keySet()), "the manifests no longer set " + overrides.keySet());
            // the environment the StatefulSet gives each pod, with this machine's values
            Map<String, String> environment = new HashMap<>(Map.of("POD_INDEX", Integer.toString(i), "POD_IP", host,
                    "RMP_GATEWAY_SESSION_STORE_PASSWORD", STORE_PASSWORD, "RMP_GATEWAY_CLUSTER_SECRET", CLUSTER_SECRET));
            assertEquals(Set.copyOf(ClusterManifests.environmentNames()), environment.keySet());
            if (!cluster) {
                environment.remove("RMP_GATEWAY_CLUSTER_SECRET");
            }
            replicas.add(new GatewayReplica(file, overrides, environment, host + ":" + managementPort,
                    set.resolve("node-" + i + ".log")).start());
        }
        for (GatewayReplica replica : replicas) {
            replica.awaitReady();
        }
        if (cluster) {
            // the scenarios measure a running cluster: every node has reached every other over the management channel
            // (the lower node id dials first, so replicas started at the same instant do so within a ping round)
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(this::everyNodeReachesEveryOther);
        }
        // new balancer sessions for the new replicas: none left over from the previous set
        balancer.setUpstreams(upstreams(List.of(0, 1, 2)));
        current = name;
    }

    private boolean everyNodeReachesEveryOther() {
        for (int i = 0; i < replicas.size(); i++) {
            String log = replicas.get(i).log();
            for (int j = 0; j < replicas.size(); j++) {
                if (i != j && !log.contains("cluster node " + i + ": reaches node " + j + " ")) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The balancer's and the replicas' logs, for failure messages. */
    private String logs() {
        StringBuilder logs = new StringBuilder("nginx:\n").append(balancer.log());
        for (int i = 0; i < replicas.size(); i++) {
            String log = replicas.get(i).log();
            logs.append("\nreplica ").append(i).append(":\n").append(log, Math.max(0, log.length() - 4000), log.length());
        }
        return logs.toString();
    }

    private void stopReplicas() throws InterruptedException {
        for (GatewayReplica replica : replicas) {
            replica.close();
        }
        replicas.clear();
        current = "";
    }

    private List<InetSocketAddress> upstreams(List<Integer> nodes) {
        return nodes.stream().map(i -> new InetSocketAddress(HOSTS.get(i), coapPort)).toList();
    }

    /** A meter summed over the replicas that are running. */
    private double sum(String name, String... labels) throws Exception {
        double sum = 0;
        for (GatewayReplica replica : replicas) {
            if (replica.isAlive()) {
                sum += replica.meter(name, labels);
            }
        }
        return sum;
    }

    /** A port free on all three replica addresses, UDP or TCP. */
    private static int freeOnAll(boolean udp) {
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = bind(HOSTS.get(0), 0, udp);
            if (port > 0 && HOSTS.stream().allMatch(host -> bind(host, port, udp) == port) && port != 5683 && port != 5684) {
                return port;
            }
        }
        throw new IllegalStateException("no port free on all of " + HOSTS);
    }

    private static int bind(String host, int port, boolean udp) {
        InetSocketAddress address = new InetSocketAddress(host, port);
        try {
            if (udp) {
                try (DatagramSocket socket = new DatagramSocket(address)) {
                    return socket.getLocalPort();
                }
            }
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(address);
                return socket.getLocalPort();
            }
        } catch (IOException e) {
            return -1;
        }
    }

    // ------------------------------------------------------------------------------------------------ devices

    private static String identity(int i) {
        return String.format("device-%02d", i);
    }

    private static String password(int i) {
        return "password-" + i;
    }

    /** A device behind its own NAT in front of the balancer. */
    final class Device {
        final String name;
        final String token;
        final TestDevice coap;
        final UdpRelay relay;
        final String scenario;
        int hellosPerHandshake;
        int node;

        Device(String scenario, int i) throws Exception {
            this.scenario = scenario;
            this.name = identity(i);
            this.token = Base64.getEncoder().encodeToString((name + ":" + password(i)).getBytes(StandardCharsets.UTF_8));
            this.coap = TestDevice.psk(name, GatewayContract.hexKey(password(i)), 0);
            this.relay = new UdpRelay(balancer.port());
        }

        String path(int i) {
            return "/api/" + scenario + "/" + name + "/" + i;
        }

        private Request request(int i) {
            Request request = Request.newPost();
            request.getOptions().setProxyUri(api.base() + path(i) + "?key=" + token);
            request.setPayload(name + " " + i);
            return request;
        }

        Response post(int i, long waitMillis) throws InterruptedException {
            Request request = request(i);
            coap.sendWithoutWaiting(request, relay.port());
            return request.waitForResponse(waitMillis);
        }

        Response postWithNewHandshake(int i, long waitMillis) throws InterruptedException {
            Request request = request(i);
            coap.sendWithNewHandshake(request, relay.port());
            return request.waitForResponse(waitMillis);
        }
    }

    /**
     * The scenario's devices, each after its first request (its handshake): how many ClientHellos one handshake
     * took (the cookie exchange sends two) and the node that holds its session (the first byte of the Connection ID
     * the node gave it, as Scandium's MultiNodeConnectionIdGenerator reads it).
     */
    private List<Device> devices(String scenario) throws Exception {
        List<Device> list = new ArrayList<>();
        for (int i = 1; i <= DEVICES; i++) {
            Device device = new Device(scenario, i);
            devices.add(device.coap);
            devices.add(device.relay);
            list.add(device);
        }
        run(list, device -> {
            Response response = device.post(0, REQUEST_TIMEOUT);
            assertTrue(response != null && response.isSuccess(), () -> device.name + ": " + response + "\n" + logs());
            device.hellosPerHandshake = device.relay.clientHellos();
            Bytes cid = response.getSourceContext().get(DtlsEndpointContext.KEY_WRITE_CONNECTION_ID);
            device.node = cid == null || cid.isEmpty() ? -1
                    : new MultiNodeConnectionIdGenerator(0, cid.length()).getNodeId(new ConnectionId(cid.getBytes()));
            return null;
        });
        return list;
    }

    @FunctionalInterface
    interface DeviceRun {
        Void run(Device device) throws Exception;
    }

    private List<Future<Void>> start(List<Device> devices, DeviceRun run) {
        return devices.stream().map(device -> pool.submit(() -> run.run(device))).toList();
    }

    private void run(List<Device> devices, DeviceRun run) throws Exception {
        for (Future<Void> device : start(devices, run)) {
            device.get(5, TimeUnit.MINUTES);
        }
    }

    /** Every request the API received since it was last drained, counted by path. */
    private Map<String, Long> drainApi() {
        return countByPath(drainCalls());
    }

    /** Every request the API received since it was last drained, in the order received. */
    private List<RecordingHttpServer.Seen> drainCalls() {
        List<RecordingHttpServer.Seen> calls = new ArrayList<>();
        api.requests.drainTo(calls);
        return calls;
    }

    private static Map<String, Long> countByPath(List<RecordingHttpServer.Seen> calls) {
        return calls.stream().collect(Collectors.groupingBy(RecordingHttpServer.Seen::path, TreeMap::new, Collectors.counting()));
    }

    private void assertEveryRequestReachedTheApiOnce(List<Device> devices, int requests) {
        Map<String, Long> seen = drainApi();
        Map<String, Long> twice = new TreeMap<>(seen);
        twice.values().removeIf(count -> count == 1);
        assertEquals(Map.of(), twice, "requests the API got more than once");
        for (Device device : devices) {
            for (int i = 0; i < requests; i++) {
                assertEquals(1L, seen.getOrDefault(device.path(i), 0L), device.path(i) + " at the API");
            }
        }
        assertEquals(devices.size() * requests, seen.size());
    }

    /** What happened when, for a failure message: the roll's steps and the events of one request. */
    static final class Timeline {
        private final long origin = System.currentTimeMillis();
        private final Queue<Map.Entry<Long, String>> events = new ConcurrentLinkedQueue<>();

        void add(long atMillis, String event) {
            events.add(Map.entry(atMillis, event));
        }

        void now(String event) {
            add(System.currentTimeMillis(), event);
        }

        /** The roll's steps and the events naming the path, in time order, in ms since the scenario began. */
        String about(String path) {
            return events.stream().filter(e -> !e.getValue().startsWith("/") || e.getValue().startsWith(path + " "))
                    .sorted(Map.Entry.comparingByKey())
                    .map(e -> String.format("%7d ms  %s", e.getKey() - origin, e.getValue()))
                    .collect(Collectors.joining("\n"));
        }
    }
}
