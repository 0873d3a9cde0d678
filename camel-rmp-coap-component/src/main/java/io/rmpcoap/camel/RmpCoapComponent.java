package io.rmpcoap.camel;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;

import io.micrometer.core.instrument.MeterRegistry;
import io.rmpcoap.camel.metrics.RmpCoapMetrics;
import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Processor;
import org.apache.camel.health.HealthCheck;
import org.apache.camel.health.HealthCheckHelper;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.spi.RestConsumerFactory;
import org.apache.camel.spi.annotations.Component;
import org.apache.camel.support.CamelContextHelper;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.HealthCheckComponent;
import org.apache.camel.support.service.ServiceHelper;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.elements.util.NamedThreadFactory;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * The {@code rmpcoap} component: CoAP client and server endpoints for the workflow platform's devices. It owns what
 * its endpoints share: one Californium client endpoint per scheme and credentials, one server per host and port, and
 * Californium's protocol threads. It serves Camel's REST DSL over coap and coaps too.
 */
@Component("rmpcoap")
public class RmpCoapComponent extends HealthCheckComponent implements RestConsumerFactory {

    static {
        CoapConfig.register();
        UdpConfig.register();
        DtlsConfig.register();
    }

    @Metadata
    private RmpCoapConfiguration configuration = new RmpCoapConfiguration();
    @Metadata(label = "advanced",
              description = "Eclipse Californium settings (CoapConfig, DtlsConfig, UdpConfig) that the endpoints start from, "
                            + "e.g. ACK timeout, exchange lifetime and DTLS session limits. By default Californium's standard "
                            + "settings with a bounded per-peer deduplicator for producers; a consumer's server always "
                            + "uses a deduplicator capped by maxDeduplicationMessages.")
    private Configuration coapConfiguration;
    @Metadata(label = "advanced", defaultValue = "2",
              description = "The number of Californium protocol threads shared by all endpoints of this component.")
    private int protocolThreads = 2;

    @Metadata(label = "advanced,monitoring", autowired = true,
              description = "The Micrometer registry for the component's meters (rmpcoap.server.requests, "
                            + "rmpcoap.client.requests, rmpcoap.dtls.handshakes, rmpcoap.dtls.records.dropped, "
                            + "rmpcoap.cluster.records.forwarded, rmpcoap.cluster.records.received, "
                            + "rmpcoap.cluster.management.dropped). "
                            + "Autowired when the registry holds exactly one; without one nothing is measured.")
    private MeterRegistry meterRegistry;

    private RmpCoapMetrics metrics = RmpCoapMetrics.of(null);
    private final RecentErrors recentErrors = new RecentErrors();
    private ScheduledExecutorService protocolExecutor;
    private ScheduledExecutorService timerExecutor;
    private final CoapClientEndpoints clients = new CoapClientEndpoints(this);
    private final CoapServers servers = new CoapServers(this);

    public RmpCoapComponent() {
    }

    @Override
    protected Endpoint createEndpoint(String uri, String remaining, Map<String, Object> parameters) throws Exception {
        RmpCoapEndpoint endpoint = new RmpCoapEndpoint(uri, this, configuration.copy());
        endpoint.setUri(remaining);
        // an empty placeholder for a group of options leaves "&&"
        parameters.remove("");
        setProperties(endpoint, parameters);
        endpoint.validate();
        return endpoint;
    }

    @Override
    public Consumer createConsumer(CamelContext camelContext, Processor processor, String verb, String basePath,
                                   String uriTemplate, String consumes, String produces, RestConfiguration configuration,
                                   Map<String, Object> parameters) throws Exception {
        RestConfiguration config = configuration != null
                ? configuration : CamelContextHelper.getRestConfiguration(camelContext, "rmpcoap");
        return RmpCoapRestConsumers.create(camelContext, processor, verb, basePath, uriTemplate, config, parameters);
    }

    @Override
    protected void doInit() throws Exception {
        super.doInit();
        // in case the service-loaded plugin did not run (e.g. in OSGi)
        RmpCoapSensitiveKeywords.register(getCamelContext());
        applyRestComponentProperties();
    }

    /**
     * {@code restConfiguration().component("rmpcoap").componentProperty(...)} sets component options, as Camel's HTTP
     * components do; only when the rest configuration names rmpcoap, since properties meant for another REST component
     * would not fit.
     */
    private void applyRestComponentProperties() throws Exception {
        RestConfiguration rest = getCamelContext().getRestConfiguration();
        if (rest != null && "rmpcoap".equals(rest.getComponent())
            && rest.getComponentProperties() != null && !rest.getComponentProperties().isEmpty()) {
            setProperties(this, new HashMap<>(rest.getComponentProperties()));
        }
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        if (coapConfiguration == null) {
            coapConfiguration = defaultCoapConfiguration();
        }
        metrics = RmpCoapMetrics.of(meterRegistry);
        getCamelContext().getManagementStrategy().addEventNotifier(recentErrors);
        ServiceHelper.startService(recentErrors);
        protocolExecutor = ExecutorsUtil.newScheduledThreadPool(protocolThreads, new NamedThreadFactory("RmpCoap#"));
        timerExecutor = ExecutorsUtil.newDefaultSecondaryScheduler("RmpCoapTimer#");
    }

    @Override
    protected void doStop() throws Exception {
        clients.closeAll();
        servers.closeAll();
        ExecutorsUtil.shutdownExecutorGracefully(500, protocolExecutor, timerExecutor);
        getCamelContext().getManagementStrategy().removeEventNotifier(recentErrors);
        ServiceHelper.stopService(recentErrors);
        super.doStop();
    }

    /** Californium's standard settings, with deduplication bounded per peer so that memory does not grow with traffic. */
    static Configuration defaultCoapConfiguration() {
        Configuration c = Configuration.createStandardWithoutFile();
        c.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP);
        return c;
    }

    /**
     * Gives a consumer its health check, enabled per {@code healthCheckConsumerEnabled}. Health checks are optional:
     * registered only where the context has a health check registry.
     */
    void addHealthCheck(DefaultConsumer consumer, Function<String, HealthCheck> check) {
        if (consumer.getHealthCheck() == null
            && HealthCheckHelper.getHealthCheckRepository(getCamelContext(), "consumers") != null) {
            HealthCheck healthCheck = check.apply(consumer.getRouteId());
            healthCheck.setEnabled(isHealthCheckConsumerEnabled());
            consumer.setHealthCheck(healthCheck);
        }
    }

    ScheduledExecutorService protocolExecutor() {
        return protocolExecutor;
    }

    ScheduledExecutorService timerExecutor() {
        return timerExecutor;
    }

    RmpCoapMetrics metrics() {
        return metrics;
    }

    RecentErrors recentErrors() {
        return recentErrors;
    }

    CoapClientEndpoints clients() {
        return clients;
    }

    CoapServers servers() {
        return servers;
    }

    public RmpCoapConfiguration getConfiguration() {
        return configuration;
    }

    /** The options every endpoint of this component starts from. */
    public void setConfiguration(RmpCoapConfiguration configuration) {
        this.configuration = configuration;
    }

    public Configuration getCoapConfiguration() {
        return coapConfiguration;
    }

    public void setCoapConfiguration(Configuration coapConfiguration) {
        this.coapConfiguration = coapConfiguration;
    }

    public MeterRegistry getMeterRegistry() {
        return meterRegistry;
    }

    public void setMeterRegistry(MeterRegistry meterRegistry) {
        this.meterRegistry = meterRegistry;
    }

    public int getProtocolThreads() {
        return protocolThreads;
    }

    public void setProtocolThreads(int protocolThreads) {
        this.protocolThreads = protocolThreads;
    }
}
