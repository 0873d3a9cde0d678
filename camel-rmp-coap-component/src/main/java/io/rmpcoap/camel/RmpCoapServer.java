package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.rmpcoap.camel.dtls.DtlsConnectors;
import io.rmpcoap.camel.dtls.DtlsSettings;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.network.InMemoryMessageExchangeStore;
import org.eclipse.californium.core.network.RandomTokenGenerator;
import org.eclipse.californium.core.observe.ObserveManager;
import org.eclipse.californium.core.server.MessageDeliverer;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One CoAP server (a Californium endpoint on one host and port) and the consumers it serves: requests with a
 * Proxy-Uri go to the proxy-mode consumer, others to the consumer of their path. Routes run on a bounded pool of
 * Camel threads, never on Californium's protocol threads.
 */
final class RmpCoapServer implements MessageDeliverer {

    private static final Logger LOG = LoggerFactory.getLogger(RmpCoapServer.class);
    /** Max-Age, in seconds, of a 5.03 answer: when the device may try again (RFC 7252 section 5.9.3.4). */
    static final long RETRY_AFTER_SECONDS = 5;

    private final RmpCoapComponent component;
    private final String name;
    private final String settings;
    private final CoapEndpoint endpoint;
    private final ExecutorService workers;
    private final int maxPayloadSize;
    private final int maxInflight;
    private final AtomicInteger inflight = new AtomicInteger();
    private Runnable removeDeduplicatorGauge;
    private final Map<String, RmpCoapConsumer> byPath = new ConcurrentHashMap<>();
    private volatile RmpCoapConsumer proxy;
    private final ObserveManager observeManager;
    private final Map<String, ObservedResource> observed = new ConcurrentHashMap<>();

    private RmpCoapServer(RmpCoapComponent component, String name, String settings, CoapEndpoint endpoint,
                          ExecutorService workers, RmpCoapConfiguration options) {
        this.component = component;
        this.maxPayloadSize = options.getMaxPayloadSize();
        this.maxInflight = options.getMaxInflightExchanges();
        this.name = name;
        this.settings = settings;
        this.endpoint = endpoint;
        this.workers = workers;
        this.observeManager = new ObserveManager(endpoint.getConfig());
    }

    static RmpCoapServer start(RmpCoapComponent component, RmpCoapEndpoint first) throws Exception {
        RmpCoapAddress address = first.getAddress();
        RmpCoapConfiguration options = first.getConfiguration();
        Configuration configuration = new Configuration(component.getCoapConfiguration());
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, options.getMaxPayloadSize());
        InetSocketAddress bind = new InetSocketAddress(address.host(), address.port());
        DtlsSettings dtls = first.dtlsSettings(true);
        String tag = "rmpcoap-server " + address.scheme() + "://" + address.host() + ":" + address.port();
        // the exchange store is built here only to give it a deduplicator bounded in total, not just per peer
        RandomTokenGenerator tokens = new RandomTokenGenerator(configuration);
        InMemoryMessageExchangeStore exchanges = new InMemoryMessageExchangeStore(tag, configuration, tokens);
        BoundedDeduplicator deduplicator = new BoundedDeduplicator(configuration, options.getMaxDeduplicationMessages());
        exchanges.setDeduplicator(deduplicator);
        CoapEndpoint.Builder builder = CoapEndpoint.builder().setConfiguration(configuration).setLoggingTag(tag)
                .setTokenGenerator(tokens).setMessageExchangeStore(exchanges);
        if (dtls == null) {
            builder.setConnector(new UDPConnector(bind, configuration));
        } else {
            builder.setConnector(DtlsConnectors.server(dtls, configuration, bind, component.metrics().dtlsHealth("server")));
        }
        CoapEndpoint endpoint = builder.build();
        String name = "RmpCoapServer[" + address.scheme() + "://" + address.host() + ":" + address.port() + "]";
        ThreadPoolProfile profile = new ThreadPoolProfile(name);
        profile.setPoolSize(options.getWorkerPoolSize());
        profile.setMaxPoolSize(options.getWorkerPoolSize());
        profile.setMaxQueueSize(options.getWorkerQueueSize());
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        ExecutorService workers = first.getCamelContext().getExecutorServiceManager().newThreadPool(component, name, profile);
        RmpCoapServer server = new RmpCoapServer(component, name, settingsOf(first, dtls), endpoint, workers, options);
        endpoint.setMessageDeliverer(server);
        endpoint.setExecutors(component.protocolExecutor(), component.timerExecutor());
        try {
            endpoint.start();
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("Cannot listen on " + address.scheme() + "://" + address.host() + ":"
                                            + address.port() + ": " + e.getMessage(), e);
        }
        server.removeDeduplicatorGauge = component.metrics().deduplicatorGauge(deduplicator,
                address.scheme() + "://" + endpoint.getAddress().getHostString() + ":" + endpoint.getAddress().getPort());
        LOG.info("{} listening on {}", name, endpoint.getAddress());
        return server;
    }

    /**
     * A second consumer on the same port shares the first one's socket, DTLS credentials, payload limit and workers,
     * so it must ask for the same.
     */
    void checkCompatible(RmpCoapEndpoint other) throws Exception {
        if (!settings.equals(settingsOf(other, other.dtlsSettings(true)))) {
            throw new IllegalArgumentException(name + " is already serving with other DTLS credentials, maxPayloadSize, "
                                               + "worker pool, maxInflightExchanges or maxDeduplicationMessages "
                                               + "settings; consumers on one port must agree on them");
        }
    }

    private static String settingsOf(RmpCoapEndpoint endpoint, DtlsSettings dtls) {
        RmpCoapConfiguration c = endpoint.getConfiguration();
        return (dtls == null ? "" : dtls.sharingKey()) + "|" + c.getMaxPayloadSize() + "|" + c.getWorkerPoolSize() + "|"
               + c.getWorkerQueueSize() + "|" + c.getMaxInflightExchanges() + "|" + c.getMaxDeduplicationMessages();
    }

    void add(RmpCoapConsumer consumer) {
        if (consumer.getEndpoint().getConfiguration().isProxyMode()) {
            if (proxy != null) {
                throw new IllegalArgumentException(name + " already has a proxy-mode consumer");
            }
            proxy = consumer;
        } else if (byPath.putIfAbsent(consumer.getEndpoint().getAddress().path(), consumer) != null) {
            throw new IllegalArgumentException(name + " already has a consumer for path /"
                                               + consumer.getEndpoint().getAddress().path());
        } else if (consumer.getEndpoint().getConfiguration().isObservable()) {
            String path = consumer.getEndpoint().getAddress().path();
            observed.put(path, new ObservedResource(path, consumer.getEndpoint().getConfiguration().getNotificationType(),
                    observeManager, exchange -> dispatch(consumer, exchange)));
        }
    }

    void remove(RmpCoapConsumer consumer) {
        if (proxy == consumer) {
            proxy = null;
        }
        if (byPath.remove(consumer.getEndpoint().getAddress().path(), consumer)) {
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
        return proxy == null && byPath.isEmpty();
    }

    boolean isListening() {
        return endpoint.isStarted();
    }

    InetSocketAddress localAddress() {
        return endpoint.getAddress();
    }

    void close() {
        if (removeDeduplicatorGauge != null) {
            removeDeduplicatorGauge.run();
        }
        endpoint.destroy();
        component.getCamelContext().getExecutorServiceManager().shutdown(workers);
    }

    @Override
    public void deliverRequest(Exchange exchange) {
        OptionSet options = exchange.getRequest().getOptions();
        RmpCoapConsumer consumer = options.hasProxyUri() || options.hasProxyScheme()
                ? proxy : byPath.get(options.getUriPathString());
        if (consumer == null) {
            exchange.sendResponse(new Response(options.hasProxyUri() || options.hasProxyScheme()
                    ? ResponseCode.PROXY_NOT_SUPPORTED : ResponseCode.NOT_FOUND));
            return;
        }
        ObservedResource resource = observed.get(options.getUriPathString());
        if (resource != null) {
            resource.register(exchange);
        }
        dispatch(consumer, exchange);
    }

    /** Runs the consumer's route for a request or a notification on a worker, within the in-flight limit. */
    private void dispatch(RmpCoapConsumer consumer, Exchange exchange) {
        if (exchange.getRequest().getPayloadSize() > maxPayloadSize) {
            Response tooLarge = new Response(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
            tooLarge.getOptions().setSize1(maxPayloadSize);
            ObservedResource.respond(exchange, tooLarge);
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
        try {
            workers.execute(() -> consumer.process(exchange, release));
        } catch (RejectedExecutionException e) {
            release.run();
            LOG.debug("{} is saturated; answering 5.03", name);
            ObservedResource.respond(exchange, serviceUnavailable());
        }
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
