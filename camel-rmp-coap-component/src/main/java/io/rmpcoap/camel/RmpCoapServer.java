package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.rmpcoap.camel.dtls.ClusterDtlsConnector;
import io.rmpcoap.camel.dtls.ConnectionIdEndpointContextMatcher;
import io.rmpcoap.camel.dtls.DtlsClusterNodes;
import io.rmpcoap.camel.dtls.DtlsConnectors;
import io.rmpcoap.camel.dtls.DtlsMeter;
import io.rmpcoap.camel.dtls.DtlsSessionStore;
import io.rmpcoap.camel.dtls.DtlsSettings;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.EndpointContextMatcherFactory;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.network.InMemoryMessageExchangeStore;
import org.eclipse.californium.core.network.RandomTokenGenerator;
import org.eclipse.californium.core.observe.ObserveManager;
import org.eclipse.californium.core.server.MessageDeliverer;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.TcpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CoAP server (a Californium endpoint on one host and port) and the consumers it serves: requests with a
 * Proxy-Uri go to the proxy-mode consumer, others to the consumer of their path (or path template) and method.
 * Routes run on a bounded pool of Camel threads, never on Californium's protocol threads, unless the consumers asked
 * for no pool (workerPoolSize=0, for routes that never block): then they start on the protocol thread that received
 * the request. Consumers on one port agree on the pool, as they share it.
 */
final class RmpCoapServer implements MessageDeliverer {

    private static final Logger LOG = LoggerFactory.getLogger(RmpCoapServer.class);
    /** Max-Age, in seconds, of a 5.03 answer: when the device may try again (RFC 7252 section 5.9.3.4). */
    static final long RETRY_AFTER_SECONDS = 5;

    private final RmpCoapComponent component;
    private final RmpCoapAddress first;
    private final String name;
    private final String settings;
    private final CoapEndpoint endpoint;
    /** Null without a worker pool. */
    private final ExecutorService workers;
    private final int maxPayloadSize;
    private final int maxInflight;
    private final long drainMillis;
    /** Set while the server stays open only for retransmissions of requests already answered. */
    private volatile boolean draining;
    private final AtomicInteger inflight = new AtomicInteger();
    private Runnable removeDeduplicatorGauge;
    private final PathTable<RmpCoapConsumer> paths = new PathTable<>();
    private BoundedDeduplicator deduplicator;
    private DTLSConnector dtlsConnector;
    private DtlsSessionStore sessionStore;
    private volatile RmpCoapConsumer proxy;
    private final ObserveManager observeManager;
    private final Map<String, ObservedResource> observed = new ConcurrentHashMap<>();

    private RmpCoapServer(RmpCoapComponent component, RmpCoapAddress first, String name, String settings,
                          CoapEndpoint endpoint, ExecutorService workers, RmpCoapConfiguration options) {
        this.component = component;
        this.first = first;
        this.maxPayloadSize = options.getMaxPayloadSize();
        this.maxInflight = options.getMaxInflightExchanges();
        this.drainMillis = options.getShutdownDrainTime();
        this.name = name;
        this.settings = settings;
        this.endpoint = endpoint;
        this.workers = workers;
        this.observeManager = new ObserveManager(endpoint.getConfig());
    }

    /**
     * A server for {@code bind}, the resolved address of the first consumer's endpoint, with its sessions loaded; it
     * listens once {@link #listen()} is called, after the first consumer is added.
     */
    static RmpCoapServer create(RmpCoapComponent component, RmpCoapEndpoint first, InetSocketAddress bind) throws Exception {
        RmpCoapAddress address = first.getAddress();
        RmpCoapConfiguration options = first.getConfiguration();
        Configuration configuration = new Configuration(component.coapConfiguration());
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, options.getMaxPayloadSize());
        DtlsSettings dtls = first.dtlsSettings(true);
        String tag = "rmpcoap-server " + address.scheme() + "://" + address.host() + ":" + address.port();
        // the exchange store is built here only to give it a deduplicator bounded in total, not just per peer
        RandomTokenGenerator tokens = new RandomTokenGenerator(configuration);
        InMemoryMessageExchangeStore exchanges = new InMemoryMessageExchangeStore(tag, configuration, tokens);
        BoundedDeduplicator deduplicator = new BoundedDeduplicator(configuration, options.getMaxDeduplicationMessages());
        exchanges.setDeduplicator(deduplicator);
        CoapEndpoint.Builder builder = CoapEndpoint.builder().setConfiguration(configuration).setLoggingTag(tag)
                .setTokenGenerator(tokens).setMessageExchangeStore(exchanges);
        DTLSConnector dtlsConnector = null;
        DtlsSessionStore sessionStore = null;
        if (address.tcp()) {
            // a body up to the payload limit travels in one message, never block-wise; the deduplicator stays empty,
            // as Californium deduplicates nothing over TCP
            configuration.set(CoapConfig.MAX_MESSAGE_SIZE, options.getMaxPayloadSize());
            if (dtls != null) {
                configuration.set(TcpConfig.TLS_CLIENT_AUTHENTICATION_MODE, dtls.clientAuthentication());
            }
            builder.setConnector(TcpConnectors.server(dtls == null ? null : DtlsConnectors.tlsContext(dtls, true), bind,
                    configuration, options.getMaxPayloadSize()));
        } else if (dtls == null) {
            builder.setConnector(new UDPConnector(bind, configuration));
        } else {
            DtlsMeter health = dtls.cluster() == null ? component.metrics().dtlsHealth("server")
                    : component.metrics().clusterHealth("server", dtls.cluster().nodeId());
            dtlsConnector = DtlsConnectors.server(dtls, configuration, bind, health);
            builder.setConnector(dtlsConnector)
                    .setEndpointContextMatcher(new ConnectionIdEndpointContextMatcher(
                            EndpointContextMatcherFactory.create(dtlsConnector, configuration)));
            sessionStore = DtlsSessionStore.of(options.getSessionStoreFile(), options.getSessionStorePassword(),
                    options.getSessionStoreMaxAge());
        }
        CoapEndpoint endpoint = builder.build();
        String name = "RmpCoapServer[" + address.scheme() + "://" + address.host() + ":" + address.port() + "]";
        ExecutorService workers = options.getWorkerPoolSize() == 0 ? null : workers(component, first, name, options);
        RmpCoapServer server = new RmpCoapServer(component, address, name, settingsOf(first, dtls), endpoint, workers,
                options);
        server.deduplicator = deduplicator;
        endpoint.setMessageDeliverer(server);
        endpoint.setExecutors(component.protocolExecutor(), component.timerExecutor());
        server.dtlsConnector = dtlsConnector;
        if (sessionStore != null) {
            sessionStore.load(dtlsConnector);
            server.sessionStore = sessionStore;
        }
        return server;
    }

    private static ExecutorService workers(RmpCoapComponent component, RmpCoapEndpoint first, String name,
                                           RmpCoapConfiguration options) {
        ThreadPoolProfile profile = new ThreadPoolProfile(name);
        profile.setPoolSize(options.getWorkerPoolSize());
        profile.setMaxPoolSize(options.getWorkerPoolSize());
        profile.setMaxQueueSize(options.getWorkerQueueSize());
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        return first.getCamelContext().getExecutorServiceManager().newThreadPool(component, name, profile);
    }

    /**
     * Binds the socket. Called once the first consumer is added: devices whose sessions were just loaded retransmit
     * at once, and a request that arrived before would be answered as if no consumer served it (5.05, 4.04).
     */
    void listen() {
        try {
            endpoint.start();
        } catch (Exception e) {
            close();
            throw new IllegalStateException("Cannot listen on " + first.scheme() + "://" + first.host() + ":"
                                            + first.port() + ": " + e.getMessage(), e);
        }
        removeDeduplicatorGauge = component.metrics().deduplicatorGauge(deduplicator,
                first.scheme() + "://" + endpoint.getAddress().getHostString() + ":" + endpoint.getAddress().getPort());
        LOG.info("{} listening on {}", name, endpoint.getAddress());
    }

    /**
     * A second consumer on the same port and transport shares the first one's socket, DTLS or TLS credentials, payload
     * limit and workers, so it must ask for the same.
     */
    void checkCompatible(RmpCoapEndpoint other) throws Exception {
        if (!first.scheme().equals(other.getAddress().scheme())) {
            throw new IllegalArgumentException("rmpcoap:" + other.getAddress() + " cannot listen on " + transport(first)
                                               + " port " + localAddress().getPort() + ": rmpcoap:" + first
                                               + " already serves " + first.scheme() + " there, and "
                                               + (first.tcp() ? "coap+tcp and coaps+tcp" : "coap and coaps")
                                               + " cannot share one socket; give them different ports");
        }
        if (!settings.equals(settingsOf(other, other.dtlsSettings(true)))) {
            throw new IllegalArgumentException(name + " is already serving with other DTLS credentials, connectionIdLength, "
                                               + "session store, maxPayloadSize, worker pool, maxInflightExchanges, "
                                               + "maxDeduplicationMessages or shutdownDrainTime settings; consumers on one "
                                               + "port must agree on them");
        }
    }

    /** TCP or UDP: a TCP and a UDP server on the same port number are different sockets. */
    static String transport(RmpCoapAddress address) {
        return address.tcp() ? "TCP" : "UDP";
    }

    private static String settingsOf(RmpCoapEndpoint endpoint, DtlsSettings dtls) {
        RmpCoapConfiguration c = endpoint.getConfiguration();
        return (dtls == null ? "" : dtls.sharingKey()) + "|" + c.getMaxPayloadSize() + "|" + c.getWorkerPoolSize() + "|"
               + c.getWorkerQueueSize() + "|" + c.getMaxInflightExchanges() + "|" + c.getMaxDeduplicationMessages() + "|"
               + c.getSessionStoreFile() + "|" + c.getSessionStoreMaxAge() + "|" + c.getShutdownDrainTime();
    }

    void add(RmpCoapConsumer consumer) {
        if (consumer.getEndpoint().getConfiguration().isProxyMode()) {
            if (proxy != null) {
                throw new IllegalArgumentException(name + " already has a proxy-mode consumer");
            }
            proxy = consumer;
        } else {
            try {
                paths.add(consumer.getEndpoint().getAddress().path(), consumer.getMethods(), consumer);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(name + " " + e.getMessage(), e);
            }
            if (consumer.getEndpoint().getConfiguration().isObservable()) {
                String path = consumer.getEndpoint().getAddress().path();
                observed.put(path, new ObservedResource(path, consumer.getEndpoint().getConfiguration().getNotificationType(),
                        observeManager, exchange -> dispatch(consumer, exchange, Map.of())));
            }
        }
    }

    void remove(RmpCoapConsumer consumer) {
        if (proxy == consumer) {
            proxy = null;
        }
        paths.remove(consumer);
        if (consumer.getEndpoint().getConfiguration().isObservable()) {
            ObservedResource resource = observed.remove(consumer.getEndpoint().getAddress().path());
            if (resource != null) {
                resource.close();
            }
        }
    }

    /** The observable resource a consumer serves at the path, for a producer with notify=true; null if none. */
    ObservedResource observed(String path) {
        return observed.get(path);
    }

    boolean isEmpty() {
        return proxy == null && paths.isEmpty();
    }

    /** Whether the consumer is the only one this server serves. */
    boolean servesOnly(RmpCoapConsumer consumer) {
        return proxy == consumer ? paths.isEmpty() : proxy == null && paths.isOnly(consumer);
    }

    /** The address of the consumer that started this server, for messages (it holds no secret). */
    RmpCoapAddress firstAddress() {
        return first;
    }

    boolean isListening() {
        return endpoint.isStarted();
    }

    InetSocketAddress localAddress() {
        return endpoint.getAddress();
    }

    String scheme() {
        return endpoint.getUri().getScheme();
    }

    /** The paths of the consumers served here, "(proxy)" for the proxy-mode consumer. */
    List<String> paths() {
        List<String> paths = new ArrayList<>();
        if (proxy != null) {
            paths.add("(proxy)");
        }
        this.paths.paths().stream().sorted().map(path -> "/" + path).forEach(paths::add);
        return paths;
    }

    /** Established DTLS sessions, null over plain UDP. */
    Integer dtlsSessions() {
        return DtlsConnectors.establishedSessions(endpoint.getConnector());
    }

    /** The other nodes of this server's Connection-ID cluster and whether it reaches them; null when it is no cluster node. */
    List<DtlsClusterNodes.Status> clusterNodes() {
        return dtlsConnector instanceof ClusterDtlsConnector cluster ? cluster.nodes() : null;
    }

    /** This server's node id in its Connection-ID cluster, or null. */
    Integer clusterNodeId() {
        return dtlsConnector instanceof ClusterDtlsConnector cluster ? cluster.getNodeID() : null;
    }

    /** Where the management channel of this server's cluster node listens, or null. */
    InetSocketAddress clusterManagementAddress() {
        return dtlsConnector instanceof ClusterDtlsConnector cluster ? cluster.getClusterInternalAddress() : null;
    }

    /** Requests accepted and not yet answered: waiting for a worker, in a route, or an asynchronous route's. */
    int inflight() {
        return inflight.get();
    }

    /**
     * Answers Californium holds that have not left for good: not yet written to the socket, or a separate
     * (Confirmable) answer the device has not acknowledged while Californium still retransmits it. A graceful stop
     * waits for them as for the exchanges in flight: once the server is stopped such an answer is lost, and since
     * deduplication state is not kept, the device's retransmission would run its request again after the restart.
     */
    int answersOnTheirWay() {
        return deduplicator.count(exchange -> onItsWay(exchange.getCurrentResponse()));
    }

    private static boolean onItsWay(Response answer) {
        if (answer == null || answer.isCanceled() || answer.getSendError() != null) {
            return false;
        }
        return !answer.isSent() || answer.getType() == CoAP.Type.CON && !answer.isAcknowledged() && !answer.isRejected()
                                   && !answer.isTimedOut();
    }

    /** Messages held by the deduplicator. */
    int deduplicatorSize() {
        return deduplicator.size();
    }

    void close() {
        drain();
        if (removeDeduplicatorGauge != null) {
            removeDeduplicatorGauge.run();
        }
        if (sessionStore != null) {
            // the connector must be stopped, not destroyed (which forgets its sessions), to save them
            endpoint.stop();
            sessionStore.save(dtlsConnector);
        }
        endpoint.destroy();
        if (workers != null) {
            component.getCamelContext().getExecutorServiceManager().shutdown(workers);
        }
    }

    /**
     * Keeps the socket open for shutdownDrainTime once the last consumer has stopped: Californium answers a device that
     * retransmits a request it missed the answer of from the deduplicator, before anything is delivered here, so the
     * request is not run again after the restart; requests not answered yet are left to the devices' retransmission.
     */
    private void drain() {
        if (drainMillis == 0 || !endpoint.isStarted() || deduplicator.isEmpty()) {
            return;
        }
        draining = true;
        LOG.info("{} stays open for {} ms to answer devices that missed an answer", name, drainMillis);
        try {
            Thread.sleep(drainMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void deliverRequest(Exchange exchange) {
        if (draining) {
            LOG.debug("{} is closing; leaving a request to the device's retransmission", name);
            return;
        }
        OptionSet options = exchange.getRequest().getOptions();
        RmpCoapConsumer consumer;
        Map<String, String> pathParameters = Map.of();
        if (options.hasProxyUri() || options.hasProxyScheme()) {
            consumer = proxy;
            if (consumer == null) {
                exchange.sendResponse(new Response(ResponseCode.PROXY_NOT_SUPPORTED));
                return;
            }
            Set<Code> allowed = consumer.getMethods();
            if (allowed != null && !allowed.contains(exchange.getRequest().getCode())) {
                exchange.sendResponse(methodNotAllowed(allowed));
                return;
            }
        } else {
            PathTable.Match<RmpCoapConsumer> match = paths.find(options.getUriPath(), options.getUriPathString(),
                    exchange.getRequest().getCode());
            if (match.consumer() == null) {
                exchange.sendResponse(match.allowed() != null ? methodNotAllowed(match.allowed())
                        : new Response(match.failure()));
                return;
            }
            consumer = match.consumer();
            pathParameters = match.parameters();
        }
        ObservedResource resource = observed.get(options.getUriPathString());
        if (resource != null) {
            resource.register(exchange);
        }
        dispatch(consumer, exchange, pathParameters);
    }

    /**
     * Runs the consumer's route for a request or a notification on a worker, or on this thread without a worker pool,
     * within the in-flight limit.
     */
    private void dispatch(RmpCoapConsumer consumer, Exchange exchange, Map<String, String> pathParameters) {
        if (exchange.getRequest().getPayloadSize() > maxPayloadSize) {
            Response tooLarge = new Response(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
            tooLarge.getOptions().setSize1(maxPayloadSize);
            ObservedResource.respond(exchange, tooLarge);
            return;
        }
        if (consumer.isSuspendingOrSuspended()) {
            if (consumer.getEndpoint().getCamelContext().isStopping()) {
                // a graceful shutdown: the device's retransmission reaches the restarted gateway (or another replica),
                // which answers it once; an answer here would only be an error
                LOG.debug("{} is shutting down; leaving a request to the device's retransmission", name);
            } else {
                ObservedResource.respond(exchange, serviceUnavailable());
            }
            return;
        }
        // asynchronous routes free their worker at once, so exchanges in flight are bounded here, not by the pool
        if (inflight.incrementAndGet() > maxInflight) {
            inflight.decrementAndGet();
            LOG.debug("{} has {} exchanges in flight; answering 5.03", name, maxInflight);
            ObservedResource.respond(exchange, serviceUnavailable());
            return;
        }
        AtomicBoolean released = new AtomicBoolean();
        Runnable release = () -> {
            if (released.compareAndSet(false, true)) {
                inflight.decrementAndGet();
            }
        };
        if (workers == null) {
            consumer.process(exchange, pathParameters, release);
            return;
        }
        try {
            workers.execute(() -> consumer.process(exchange, pathParameters, release));
        } catch (RejectedExecutionException e) {
            release.run();
            LOG.debug("{} is saturated; answering 5.03", name);
            ObservedResource.respond(exchange, serviceUnavailable());
        }
    }

    /**
     * 4.05 with a diagnostic payload (RFC 7252 section 5.5.2) naming the methods served, since CoAP has no Allow
     * option (section 5.9.2.6).
     */
    static Response methodNotAllowed(Set<Code> allowed) {
        Response response = new Response(ResponseCode.METHOD_NOT_ALLOWED);
        response.setPayload("allowed: " + allowed.stream().sorted().map(Code::name).collect(Collectors.joining(", ")));
        return response;
    }

    private static Response serviceUnavailable() {
        Response busy = new Response(ResponseCode.SERVICE_UNAVAILABLE);
        busy.getOptions().setMaxAge(RETRY_AFTER_SECONDS);
        return busy;
    }

    @Override
    public void deliverResponse(Exchange exchange, Response response) {
        // a server endpoint sends no requests, so it receives no responses
    }
}
