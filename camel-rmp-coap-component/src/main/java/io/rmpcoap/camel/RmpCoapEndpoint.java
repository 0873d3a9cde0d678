package io.rmpcoap.camel;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

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
 * (coap), DTLS 1.2 (coaps), TCP (coap+tcp) or TLS (coaps+tcp).
 */
@UriEndpoint(firstVersion = "1.0.0", scheme = "rmpcoap", title = "RMP CoAP", syntax = "rmpcoap:uri",
             category = { Category.IOT }, headersClass = RmpCoapConstants.class)
public class RmpCoapEndpoint extends DefaultEndpoint
        implements AsyncEndpoint, MultipleConsumersSupport, EndpointServiceLocation {

    @UriPath(description = "The CoAP URI: coap://host[:port][/path] (default port 5683) or coaps://host[:port][/path] "
                           + "(default 5684) over UDP and DTLS, or with the TCP schemes of RFC 8323 (ports 5683 and 5684, "
                           + "see CoAP over TCP and TLS). With a provider, just the path. A consumer listens on host:port.")
    @Metadata(required = true)
    private String uri;
    @UriParam
    private RmpCoapConfiguration configuration;

    private RmpCoapAddress address;
    private int contentFormat = MediaTypeRegistry.UNDEFINED;
    private int accept = MediaTypeRegistry.UNDEFINED;
    private Set<CoAP.Code> methodRestriction;

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
        if (address.tcp()) {
            validateTcp();
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
        if (configuration.getShutdownDrainTime() < 0) {
            throw new ResolveEndpointFailedException(getEndpointUri(), "shutdownDrainTime must not be negative");
        }
        if (configuration.getMaxPayloadSize() < 16) {
            throw new ResolveEndpointFailedException(getEndpointUri(), "maxPayloadSize must be at least 16 bytes");
        }
        if (configuration.getWorkerPoolSize() < 0 || configuration.getWorkerQueueSize() < 0) {
            throw new ResolveEndpointFailedException(
                    getEndpointUri(), "workerPoolSize (0 for none) and workerQueueSize must not be negative");
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
            DtlsSettings.builder().cipherSuites(configuration.getCipherSuites(), configuration.isRecommendedCipherSuitesOnly())
                    .connectionIdLength(configuration.getConnectionIdLength());
            DtlsCredentials.checkOptions(configuration);
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
        methodRestriction = methods("coapMethodRestrict", configuration.getCoapMethodRestrict());
        if (methodRestriction != null && configuration.isObserve()) {
            throw new ResolveEndpointFailedException(getEndpointUri(),
                    "coapMethodRestrict applies to a consumer serving requests, not to observe");
        }
        if (methodRestriction != null && configuration.isObservable() && !methodRestriction.contains(CoAP.Code.GET)) {
            throw new ResolveEndpointFailedException(getEndpointUri(),
                    "observable needs GET in coapMethodRestrict (observers register with a GET)");
        }
        contentFormat = mediaType("contentFormat", configuration.getContentFormat());
        accept = mediaType("accept", configuration.getAccept());
    }

    /**
     * Options that only UDP and DTLS have are refused on coap+tcp and coaps+tcp, naming the option, rather than
     * ignored; so are PSK credentials on coaps+tcp, which Californium's TLS connector cannot use.
     */
    private void validateTcp() {
        RmpCoapConfiguration c = configuration;
        String scheme = address.scheme();
        refuseOnTcp(c.getMessageType() != CoAP.Type.CON, "messageType=" + c.getMessageType(),
                "CoAP over TCP has no message types (RFC 8323): leave messageType at CON");
        refuseOnTcp(c.getMethod() != null && RmpCoapProducer.PING.equalsIgnoreCase(c.getMethod().trim()), "method=PING",
                "a ping over TCP is a 7.02 signal, which Californium does not send");
        refuseOnTcp(c.getNotificationType() != CoAP.Type.CON, "notificationType=" + c.getNotificationType(),
                "notifications over TCP have no message type");
        refuseOnTcp(c.getLocalAddress() != null, "localAddress",
                "Californium's TCP client connector cannot bind its connections to a local address");
        refuseOnTcp(c.getConnectionIdLength() != null, "connectionIdLength", "DTLS Connection ID is a DTLS option");
        refuseOnTcp(c.getSessionStoreFile() != null || c.getSessionStorePassword() != null,
                c.getSessionStoreFile() != null ? "sessionStoreFile" : "sessionStorePassword",
                "the session store keeps DTLS sessions");
        refuseOnTcp(c.getCipherSuites() != null, "cipherSuites",
                "it names DTLS cipher suites; coaps+tcp uses the JVM's TLS 1.3 and 1.2 suites");
        if (!address.secure()) {
            return;
        }
        refuseOnTcp(c.getPrivateKey() != null || c.getPublicKey() != null || c.isTrustAllRawPublicKeys(),
                c.getPrivateKey() != null ? "privateKey" : c.getPublicKey() != null ? "publicKey" : "trustAllRawPublicKeys",
                "raw public keys (RFC 7250) are a DTLS feature of Scandium; the JVM's TLS has none");
        refuseOnTcp(c.getAdvancedCertificateVerifier() != null, "advancedCertificateVerifier",
                "it verifies DTLS handshakes; TLS trusts through sslContextParameters or trustStore");
        RmpCoapProvider p = c.getProvider();
        String[][] psk = {
                { "pskIdentity", c.getPskIdentity() }, { "pskKey", c.getPskKey() }, { "pskPassword", c.getPskPassword() },
                { "pskStoreFile", c.getPskStoreFile() }, { "pskStore", c.getPskStore() == null ? null : "bean" },
                { "advancedPskStore", c.getAdvancedPskStore() == null ? null : "bean" },
                { "provider's pskIdentity", p == null ? null : p.getPskIdentity() },
                { "provider's pskKey", p == null ? null : p.getPskKey() },
                { "provider's pskPassword", p == null ? null : p.getPskPassword() } };
        for (String[] option : psk) {
            if (option[1] != null) {
                throw new ResolveEndpointFailedException(getEndpointUri(), option[0] + " is not supported on " + scheme
                                                                          + ": Californium's TLS connector has no PSK cipher "
                                                                          + "suites; use certificates (sslContextParameters, "
                                                                          + "trustStore, keyStore) or coaps (DTLS) for PSK");
            }
        }
        if (c.getSslContextParameters() == null && (p == null || p.getSslContextParameters() == null)
            && c.getTrustStore() == null && c.getKeyStore() == null) {
            throw new ResolveEndpointFailedException(getEndpointUri(), scheme + " needs certificates: sslContextParameters, "
                                                                      + "trustStore (to verify the server) or keyStore "
                                                                      + "(a consumer's own certificate)");
        }
    }

    private void refuseOnTcp(boolean refused, String option, String why) {
        if (refused) {
            throw new ResolveEndpointFailedException(getEndpointUri(), option + " is not supported on "
                                                                      + address.scheme() + ": " + why);
        }
    }

    private void validateCluster() {
        RmpCoapConfiguration c = configuration;
        if (DtlsClusterSettings.of(c.getClusterNodeId(), c.getClusterNodes(), c.getClusterManagementAddress(),
                c.getClusterSecret(), c.getConnectionIdLength()) == null) {
            return;
        }
        if (!address.secure() || address.tcp()) {
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

    /** The methods of a comma-separated list, or null (every method) when not set. */
    private Set<CoAP.Code> methods(String option, String value) {
        if (value == null) {
            return null;
        }
        Set<CoAP.Code> methods = EnumSet.noneOf(CoAP.Code.class);
        for (String name : value.split(",")) {
            String trimmed = name.trim().toUpperCase(Locale.ROOT);
            try {
                CoAP.Code method = CoAP.Code.valueOf(trimmed);
                if (method == CoAP.Code.CUSTOM_30) {
                    throw new IllegalArgumentException(trimmed);
                }
                methods.add(method);
            } catch (IllegalArgumentException e) {
                throw new ResolveEndpointFailedException(getEndpointUri(), option + ": " + name.trim()
                        + " is not a CoAP method; use GET, POST, PUT, DELETE, FETCH, PATCH or IPATCH, comma separated");
            }
        }
        return methods;
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

    /** The methods a consumer serves (coapMethodRestrict); null for every method. */
    Set<CoAP.Code> getMethodRestriction() {
        return methodRestriction;
    }
}
