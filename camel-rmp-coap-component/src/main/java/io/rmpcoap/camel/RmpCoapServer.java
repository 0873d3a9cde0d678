package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;

import io.rmpcoap.camel.dtls.DtlsConnectors;
import io.rmpcoap.camel.dtls.DtlsSettings;
import io.rmpcoap.camel.metrics.DeduplicatorTracker;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.network.deduplication.Deduplicator;
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

    private final RmpCoapComponent component;
    private final String name;
    private final String settings;
    private final CoapEndpoint endpoint;
    private final ExecutorService workers;
    private final int maxPayloadSize;
    private Runnable removeDeduplicatorGauge;
    private final Map<String, RmpCoapConsumer> byPath = new ConcurrentHashMap<>();
    private volatile RmpCoapConsumer proxy;

    private RmpCoapServer(RmpCoapComponent component, String name, String settings, CoapEndpoint endpoint,
                          ExecutorService workers, int maxPayloadSize) {
        this.component = component;
        this.maxPayloadSize = maxPayloadSize;
        this.name = name;
        this.settings = settings;
        this.endpoint = endpoint;
        this.workers = workers;
    }

    static RmpCoapServer start(RmpCoapComponent component, RmpCoapEndpoint first) throws Exception {
        RmpCoapAddress address = first.getAddress();
        RmpCoapConfiguration options = first.getConfiguration();
        Configuration configuration = new Configuration(component.getCoapConfiguration());
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, options.getMaxPayloadSize());
        InetSocketAddress bind = new InetSocketAddress(address.host(), address.port());
        DtlsSettings dtls = first.dtlsSettings(true);
        CoapEndpoint.Builder builder = CoapEndpoint.builder().setConfiguration(configuration)
                .setLoggingTag("rmpcoap-server " + address.scheme() + "://" + address.host() + ":" + address.port());
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
        RmpCoapServer server = new RmpCoapServer(component, name, settingsOf(first, dtls), endpoint, workers,
                options.getMaxPayloadSize());
        endpoint.setMessageDeliverer(server);
        endpoint.setExecutors(component.protocolExecutor(), component.timerExecutor());
        try {
            endpoint.start();
        } catch (Exception e) {
            server.close();
            throw new IllegalStateException("Cannot listen on " + address.scheme() + "://" + address.host() + ":"
                                            + address.port() + ": " + e.getMessage(), e);
        }
        server.removeDeduplicatorGauge = component.metrics().deduplicatorGauge(configuration,
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
            throw new IllegalArgumentException(name + " is already serving with other DTLS credentials, maxPayloadSize or "
                                               + "worker pool settings; consumers on one port must agree on them");
        }
    }

    private static String settingsOf(RmpCoapEndpoint endpoint, DtlsSettings dtls) {
        RmpCoapConfiguration c = endpoint.getConfiguration();
        return (dtls == null ? "" : dtls.sharingKey()) + "|" + c.getMaxPayloadSize() + "|" + c.getWorkerPoolSize() + "|"
               + c.getWorkerQueueSize();
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
        }
    }

    void remove(RmpCoapConsumer consumer) {
        if (proxy == consumer) {
            proxy = null;
        }
        byPath.values().remove(consumer);
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

    String scheme() {
        return endpoint.getUri().getScheme();
    }

    /** The paths of the consumers served here, "(proxy)" for the proxy-mode consumer. */
    List<String> paths() {
        List<String> paths = new ArrayList<>();
        if (proxy != null) {
            paths.add("(proxy)");
        }
        byPath.keySet().stream().sorted().map(path -> "/" + path).forEach(paths::add);
        return paths;
    }

    /** Established DTLS sessions, null over plain UDP. */
    Integer dtlsSessions() {
        return DtlsConnectors.establishedSessions(endpoint.getConnector());
    }

    /** Messages held by the deduplicator, null if it was built before the component started tracking. */
    Integer deduplicatorSize() {
        Deduplicator deduplicator = DeduplicatorTracker.install().of(endpoint.getConfig());
        return deduplicator == null ? null : deduplicator.size();
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
        if (exchange.getRequest().getPayloadSize() > maxPayloadSize) {
            Response tooLarge = new Response(ResponseCode.REQUEST_ENTITY_TOO_LARGE);
            tooLarge.getOptions().setSize1(maxPayloadSize);
            exchange.sendResponse(tooLarge);
            return;
        }
        try {
            workers.execute(() -> consumer.process(exchange));
        } catch (RejectedExecutionException e) {
            LOG.debug("{} is saturated; answering 5.03", name);
            exchange.sendResponse(new Response(ResponseCode.SERVICE_UNAVAILABLE));
        }
    }

    @Override
    public void deliverResponse(Exchange exchange, Response response) {
        // a server endpoint sends no requests, so it receives no responses
    }
}
