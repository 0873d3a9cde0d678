package io.rmpcoap.routes;

/**
 * The {@code rmp.gateway.*} properties and their defaults, as placeholders. The YAML twin of the gateway route spells
 * the same placeholders with the same defaults; {@code GatewayTwinsTest} checks that both resolve to the same
 * endpoints, and {@code GatewayPropertiesDocTest} that routes/README.md lists each of them with its default.
 */
public final class GatewayProperties {

    /** Where the gateway listens, as an rmpcoap URI without options. */
    public static final String LISTEN = "{{rmp.gateway.listen:coaps://0.0.0.0:5684}}";
    /** Comma-separated Composite API URL prefixes or host names that devices may call; nothing else is proxied. */
    public static final String ALLOWED_TARGETS = "{{rmp.gateway.allowedTargets}}";
    /** Whether the AuthToken's user must equal the device's PSK identity. */
    public static final String REQUIRE_IDENTITY_MATCH = "{{rmp.gateway.requireIdentityMatch:true}}";

    /**
     * The device credentials and DTLS settings, each its own property (optional placeholders: an unset one leaves its
     * option out). Secrets (pskKey, the store passwords) are options Camel masks in the URIs and summaries it logs.
     */
    static final String SECURITY_OPTIONS = "pskStoreFile={{?rmp.gateway.pskStoreFile}}"
                                           + "&pskIdentity={{?rmp.gateway.pskIdentity}}"
                                           + "&pskKey={{?rmp.gateway.pskKey}}"
                                           + "&keyStore={{?rmp.gateway.keyStore}}"
                                           + "&keyStorePassword={{?rmp.gateway.keyStorePassword}}"
                                           + "&keyStoreType={{rmp.gateway.keyStoreType:PKCS12}}"
                                           + "&trustStore={{?rmp.gateway.trustStore}}"
                                           + "&trustStorePassword={{?rmp.gateway.trustStorePassword}}"
                                           + "&clientAuthentication={{rmp.gateway.clientAuthentication:NONE}}"
                                           + "&cipherSuites={{?rmp.gateway.cipherSuites}}";

    /**
     * The devices' DTLS sessions: a Connection ID of 6 bytes (RFC 9146; sessions follow devices across NAT rebindings;
     * devices without it are served as before), and the session store that keeps them across a restart, off unless
     * {@code rmp.gateway.sessionStoreFile} and {@code rmp.gateway.sessionStorePassword} are set.
     */
    public static final String SESSIONS = "connectionIdLength={{rmp.gateway.connectionIdLength:6}}"
                                          + "&sessionStoreFile={{rmp.gateway.sessionStoreFile:}}"
                                          + "&sessionStorePassword=RAW({{rmp.gateway.sessionStorePassword:}})"
                                          + "&sessionStoreMaxAge={{rmp.gateway.sessionStoreMaxAge:43200000}}";

    /**
     * The Connection-ID cluster (Scandium's DtlsManagedClusterConnector), off unless {@code rmp.gateway.cluster.nodeId}
     * is set (an optional placeholder, since Camel would turn an empty number into 0): this replica's node id, the
     * management addresses of all replicas, where this one's management channel binds (by default the listen host and
     * the port of its own entry) and the channel's secret.
     */
    public static final String CLUSTER = "clusterNodeId={{?rmp.gateway.cluster.nodeId}}"
                                         + "&clusterNodes=RAW({{rmp.gateway.cluster.nodes:}})"
                                         + "&clusterManagementAddress={{rmp.gateway.cluster.managementAddress:}}"
                                         + "&clusterSecret=RAW({{rmp.gateway.cluster.secret:}})";

    /** The proxy-mode consumer. */
    public static final String CONSUMER_URI = "rmpcoap:" + LISTEN + "?proxyMode=true"
                                              + "&" + SECURITY_OPTIONS
                                              + "&separateResponseDelay={{rmp.gateway.separateResponseDelay:1000}}"
                                              + "&shutdownDrainTime={{rmp.gateway.shutdownDrainTime:0}}"
                                              + "&maxPayloadSize={{rmp.gateway.maxPayloadSize:262144}}"
                                              + "&workerPoolSize={{rmp.gateway.workerPoolSize:0}}"
                                              + "&workerQueueSize={{rmp.gateway.workerQueueSize:1000}}"
                                              + "&" + SESSIONS
                                              + "&" + CLUSTER;

    /**
     * The HTTP leg, camel-vertx-http: asynchronous, so the route never blocks and runs without a worker pool
     * (workerPoolSize 0 above). The target comes from header CamelHttpUri; failures are mapped, not thrown; timeouts
     * stay below the CoAP side's; up to httpConnections pooled connections per API host; redirects are never followed
     * (a redirect could lead outside the allow-list), and there are no retries, cookies or compression
     * ({@link GatewayWebClientOptions}); no answer is read beyond maxPayloadSize, and the answer carries the API's
     * headers only ({@link GatewayHttpBinding}). The endpoint's and the component's other options
     * (sslContextParameters, proxy, headerFilterStrategy) apply as for any vertx-http endpoint.
     */
    public static final String HTTP_URI = "vertx-http:http://rmp-gateway-target?throwExceptionOnFailure=false"
                                          + "&connectTimeout={{rmp.gateway.httpConnectTimeout:5000}}"
                                          + "&timeout={{rmp.gateway.httpResponseTimeout:20000}}"
                                          + "&webClientOptions=#class:io.rmpcoap.routes.GatewayWebClientOptions"
                                          + "({{rmp.gateway.httpConnections:64}})"
                                          + "&vertxHttpBinding=#class:io.rmpcoap.routes.GatewayHttpBinding"
                                          + "({{rmp.gateway.maxPayloadSize:262144}})";

    private GatewayProperties() {
    }
}
