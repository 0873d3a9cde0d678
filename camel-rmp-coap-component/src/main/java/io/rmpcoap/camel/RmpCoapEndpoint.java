package io.rmpcoap.camel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;

import io.rmpcoap.camel.dtls.DtlsClusterSettings;
import io.rmpcoap.camel.dtls.DtlsCredentials;
import io.rmpcoap.camel.dtls.DtlsSessionStore;
import io.rmpcoap.camel.dtls.DtlsSettings;
import io.rmpcoap.camel.mapping.ContentFormats;
import org.apache.camel.AsyncEndpoint;
import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.MultipleConsumersSupport;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.spi.EndpointServiceLocation;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriPath;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.support.DefaultEndpoint;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.MediaTypeRegistry;

/**
 * Send CoAP requests to devices and CoAP proxies, or serve CoAP requests from devices as a cross proxy, over UDP
 * (coap) or DTLS 1.2 (coaps).
 */
@UriEndpoint(firstVersion = "1.0.0", scheme = "rmpcoap", title = "RMP CoAP", syntax = "rmpcoap:uri",
             category = { Category.IOT }, headersClass = RmpCoapConstants.class)
public class RmpCoapEndpoint extends DefaultEndpoint
        implements AsyncEndpoint, MultipleConsumersSupport, EndpointServiceLocation {

    @UriPath(description = "The CoAP URI: coap://host[:port][/path] (default port 5683) or coaps://host[:port][/path] "
                           + "(default 5684). With a provider, just the path. A consumer listens on host:port.")
    @Metadata(required = true)
    private String uri;
    @UriParam
    private RmpCoapConfiguration configuration;

    private RmpCoapAddress address;
    private int contentFormat = MediaTypeRegistry.UNDEFINED;
    private int accept = MediaTypeRegistry.UNDEFINED;

    public RmpCoapEndpoint(String endpointUri, RmpCoapComponent component, RmpCoapConfiguration configuration) {
        super(endpointUri, component);
        this.configuration = configuration;
    }

    @Override
    public RmpCoapComponent getComponent() {
        return (RmpCoapComponent) super.getComponent();
    }

    @Override
    public Producer createProducer() throws Exception {
        if (configuration.getClusterNodeId() != null) {
            throw new IllegalArgumentException("clusterNodeId is a consumer option: rmpcoap:" + address
                                               + " cannot be a cluster node as a producer");
        }
        return configuration.isNotify() ? new RmpCoapNotifier(this) : new RmpCoapProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) throws Exception {
        DefaultConsumer consumer = configuration.isObserve()
                ? new RmpCoapObserveConsumer(this, processor) : new RmpCoapConsumer(this, processor);
        configureConsumer(consumer);
        return consumer;
    }

    /**
     * REST DSL operations on one path with different verbs share one endpoint; the server refuses a second consumer
     * for the same path and method with a message naming the path.
     */
    @Override
    public boolean isMultipleConsumersSupported() {
        return true;
    }

    /** The device, proxy or listening address as a CoAP URL, never with credentials (they are options, not in it). */
    @Override
    public String getServiceUrl() {
        return address == null ? null : address.toString();
    }

    @Override
    public String getServiceProtocol() {
        return address == null ? null : address.scheme();
    }

    /** Checks every option once, so that bad configuration fails when the endpoint is created. */
    void validate() {
        try {
            address = RmpCoapAddress.parse(uri, configuration.getProvider());
        } catch (IllegalArgumentException e) {
            throw new ResolveEndpointFailedException(getEndpointUri(), e.getMessage());
        }
        long timeout = configuration.getTimeout();
        if (timeout < 1 || timeout > RmpCoapConfiguration.MAX_TIMEOUT) {
            throw new ResolveEndpointFailedException(getEndpointUri(), "timeout must be from 1 to 30000 ms, not " + timeout);
        }
        if (configuration.getMethod() != null) {
            try {
                RmpCoapProducer.methodOf(configuration.getMethod());
            } catch (IllegalArgumentException e) {
                throw new ResolveEndpointFailedException(
                        getEndpointUri(), "method must be GET, POST, PUT, DELETE, FETCH, PATCH, IPATCH or PING");
            }
        }
        if (configuration.getMessageType() == null) {
            throw new ResolveEndpointFailedException(getEndpointUri(), "messageType must be CON, NON, ACK or RST");
        }
        if (configuration.getSeparateResponseDelay() < 0) {
            throw new ResolveEndpointFailedException(getEndpointUri(), "separateResponseDelay must not be negative");
        }
        if (configuration.getMaxPayloadSize() < 16) {
            throw new ResolveEndpointFailedException(getEndpointUri(), "maxPayloadSize must be at least 16 bytes");
        }
        if (configuration.getWorkerPoolSize() < 1 || configuration.getWorkerQueueSize() < 0) {
            throw new ResolveEndpointFailedException(
                    getEndpointUri(), "workerPoolSize must be at least 1 and workerQueueSize not negative");
        }
        if (configuration.getMaxInflightExchanges() < 1) {
            throw new ResolveEndpointFailedException(getEndpointUri(), "maxInflightExchanges must be at least 1");
        }
        if (configuration.getMaxDeduplicationMessages() < 1) {
            throw new ResolveEndpointFailedException(getEndpointUri(), "maxDeduplicationMessages must be at least 1");
        }
        String proxyUri = configuration.getProxyUri();
        if (proxyUri != null && proxyUri.getBytes(StandardCharsets.UTF_8).length > 1034) {
            throw new ResolveEndpointFailedException(getEndpointUri(), "proxyUri is longer than 1034 bytes");
        }
        try {
            DtlsSettings.builder().cipherSuites(configuration.getCipherSuites())
                    .connectionIdLength(configuration.getConnectionIdLength());
            DtlsSessionStore.validate(configuration.getSessionStoreFile(), configuration.getSessionStorePassword(),
                    configuration.getSessionStoreMaxAge(), address.secure());
            validateCluster();
        } catch (IllegalArgumentException e) {
            throw new ResolveEndpointFailedException(getEndpointUri(), e.getMessage());
        }
        if (configuration.getLocalAddress() != null) {
            try {
                InetAddress.getByName(configuration.getLocalAddress());
            } catch (UnknownHostException e) {
                throw new ResolveEndpointFailedException(getEndpointUri(), "localAddress " + configuration.getLocalAddress()
                                                                           + " is not an address of this host");
            }
        }
        validateObserve();
        contentFormat = mediaType("contentFormat", configuration.getContentFormat());
        accept = mediaType("accept", configuration.getAccept());
    }

    private void validateCluster() {
        RmpCoapConfiguration c = configuration;
        if (DtlsClusterSettings.of(c.getClusterNodeId(), c.getClusterNodes(), c.getClusterManagementAddress(),
                c.getClusterSecret(), c.getConnectionIdLength()) == null) {
            return;
        }
        if (!address.secure()) {
            throw new IllegalArgumentException("clusterNodeId needs coaps: the cluster routes DTLS records by their "
                                               + "Connection ID");
        }
        if (c.isObserve() || c.isNotify()) {
            throw new IllegalArgumentException("clusterNodeId is for a consumer that serves devices, not with "
                                               + (c.isObserve() ? "observe" : "notify"));
        }
    }

    private void validateObserve() {
        RmpCoapConfiguration c = configuration;
        if (c.isObserve() && (c.isObservable() || c.isProxyMode())) {
            throw new ResolveEndpointFailedException(getEndpointUri(),
                    "observe (observing a device's resource) cannot be combined with observable or proxyMode (serving)");
        }
        if (c.getObserveTimeout() < 0) {
            throw new ResolveEndpointFailedException(getEndpointUri(), "observeTimeout must not be negative");
        }
        if (c.getNotificationType() != CoAP.Type.CON && c.getNotificationType() != CoAP.Type.NON) {
            throw new ResolveEndpointFailedException(getEndpointUri(), "notificationType must be CON or NON");
        }
        if (c.isObservable() && c.isProxyMode()) {
            throw new ResolveEndpointFailedException(getEndpointUri(), "observable needs a path, not proxyMode");
        }
        if (c.isNotify() && address.port() == 0) {
            throw new ResolveEndpointFailedException(getEndpointUri(),
                    "notify needs the port of the observable consumer, not 0");
        }
    }

    private int mediaType(String option, String value) {
        if (value == null || value.isBlank()) {
            return MediaTypeRegistry.UNDEFINED;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number < 0 || number > 65535) {
                throw new ResolveEndpointFailedException(getEndpointUri(), option + " must be from 0 to 65535, not " + value);
            }
            return number;
        } catch (NumberFormatException e) {
            int number = ContentFormats.toContentFormat(value);
            if (number == MediaTypeRegistry.UNDEFINED) {
                throw new ResolveEndpointFailedException(getEndpointUri(), option + ": unknown media type " + value);
            }
            return number;
        }
    }

    /**
     * The DTLS credentials of this endpoint as a client (producer) or server (consumer), from its options and its
     * provider; null for coap.
     */
    DtlsSettings dtlsSettings(boolean server) throws GeneralSecurityException, IOException {
        return address.secure() ? DtlsCredentials.of(configuration, getCamelContext(), server) : null;
    }

    /** The endpoint URI with every secret option masked. */
    @Override
    public String toString() {
        return RmpCoapSensitiveKeywords.mask(super.toString());
    }

    public String getUri() {
        return uri;
    }

    public void setUri(String uri) {
        this.uri = uri;
    }

    public RmpCoapConfiguration getConfiguration() {
        return configuration;
    }

    public void setConfiguration(RmpCoapConfiguration configuration) {
        this.configuration = configuration;
    }

    RmpCoapAddress getAddress() {
        return address;
    }

    int getContentFormatNumber() {
        return contentFormat;
    }

    int getAcceptNumber() {
        return accept;
    }
}
