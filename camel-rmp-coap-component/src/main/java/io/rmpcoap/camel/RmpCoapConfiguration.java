package io.rmpcoap.camel;

import java.security.PrivateKey;
import java.security.PublicKey;

import io.rmpcoap.camel.dtls.PskStore;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.support.jsse.SSLContextParameters;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.elements.config.CertificateAuthenticationMode;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.dtls.x509.NewAdvancedCertificateVerifier;

/**
 * The options of an {@code rmpcoap} endpoint. The component holds one instance whose values every endpoint starts from.
 */
@UriParams
public class RmpCoapConfiguration implements Cloneable {

    /** The platform guide's default and maximum connector timeout. */
    public static final long MAX_TIMEOUT = 30_000;
    /** The default of sessionStoreMaxAge: 12 hours, as Californium's own servers restore connections. */
    public static final long DEFAULT_SESSION_STORE_MAX_AGE = 12 * 60 * 60 * 1000L;

    @UriParam(label = "producer", defaultValue = "CON", enums = "CON,NON,ACK,RST")
    private CoAP.Type messageType = CoAP.Type.CON;
    @UriParam(label = "producer", secret = true)
    private String proxyUri;
    @UriParam(label = "producer", defaultValue = "30000", javaType = "java.time.Duration")
    private long timeout = MAX_TIMEOUT;
    @UriParam(label = "producer", enums = "GET,POST,PUT,DELETE,FETCH,PATCH,IPATCH,PING")
    private String method;
    @UriParam(label = "producer")
    private String uriQuery;
    @UriParam
    private String contentFormat;
    @UriParam(label = "producer")
    private String accept;
    @UriParam(label = "producer", defaultValue = "true")
    private boolean throwExceptionOnFailure = true;
    @UriParam(label = "producer")
    private RmpCoapProvider provider;
    @UriParam(label = "producer,advanced")
    private String localAddress;
    @UriParam(label = "producer")
    private boolean notify;

    @UriParam(label = "consumer")
    private boolean proxyMode;
    @UriParam(label = "consumer")
    private String coapMethodRestrict;
    @UriParam(label = "consumer")
    private boolean observe;
    @UriParam(label = "consumer", javaType = "java.time.Duration")
    private long observeTimeout;
    @UriParam(label = "consumer")
    private boolean observable;
    @UriParam(label = "consumer", defaultValue = "CON", enums = "CON,NON")
    private CoAP.Type notificationType = CoAP.Type.CON;
    @UriParam(label = "consumer", defaultValue = "1000", javaType = "java.time.Duration")
    private long separateResponseDelay = 1000;
    @UriParam(label = "consumer,advanced", defaultValue = "0", javaType = "java.time.Duration")
    private long shutdownDrainTime;
    @UriParam(label = "consumer", defaultValue = "true")
    private boolean muteException = true;
    @UriParam(label = "consumer", defaultValue = "32")
    private int workerPoolSize = 32;
    @UriParam(label = "consumer", defaultValue = "1000")
    private int workerQueueSize = 1000;
    @UriParam(label = "consumer", defaultValue = "1000")
    private int maxInflightExchanges = 1000;
    @UriParam(label = "consumer", defaultValue = "100000")
    private int maxDeduplicationMessages = 100_000;

    @UriParam(label = "advanced", defaultValue = "262144")
    private int maxPayloadSize = 262_144;

    @UriParam(label = "security")
    private String pskIdentity;
    @UriParam(label = "security", secret = true)
    private String pskKey;
    @UriParam(label = "security", secret = true)
    private String pskPassword;
    @UriParam(label = "consumer,security")
    private PskStore pskStore;
    @UriParam(label = "consumer,security")
    private String pskStoreFile;
    @UriParam(label = "security")
    private AdvancedPskStore advancedPskStore;
    @UriParam(label = "security")
    private SSLContextParameters sslContextParameters;
    @UriParam(label = "security")
    private NewAdvancedCertificateVerifier advancedCertificateVerifier;
    @UriParam(label = "security", secret = true)
    private PrivateKey privateKey;
    @UriParam(label = "security")
    private PublicKey publicKey;
    @UriParam(label = "security")
    private boolean trustAllRawPublicKeys;
    @UriParam(label = "security")
    private String trustStore;
    @UriParam(label = "security", secret = true)
    private String trustStorePassword;
    @UriParam(label = "security")
    private String keyStore;
    @UriParam(label = "security", secret = true)
    private String keyStorePassword;
    @UriParam(label = "security", defaultValue = "PKCS12")
    private String keyStoreType = "PKCS12";
    @UriParam(label = "security")
    private String alias;
    @UriParam(label = "security")
    private String cipherSuites;
    @UriParam(label = "security", defaultValue = "true")
    private boolean recommendedCipherSuitesOnly = true;
    @UriParam(label = "consumer,security", defaultValue = "NONE", enums = "NONE,WANTED,NEEDED")
    private CertificateAuthenticationMode clientAuthentication = CertificateAuthenticationMode.NONE;
    @UriParam(label = "security")
    private Integer connectionIdLength;
    @UriParam(label = "consumer,security")
    private String sessionStoreFile;
    @UriParam(label = "consumer,security", secret = true)
    private String sessionStorePassword;
    @UriParam(label = "consumer,security", defaultValue = "43200000", javaType = "java.time.Duration")
    private long sessionStoreMaxAge = DEFAULT_SESSION_STORE_MAX_AGE;
    @UriParam(label = "consumer,security")
    private Integer clusterNodeId;
    @UriParam(label = "consumer,security")
    private String clusterNodes;
    @UriParam(label = "consumer,security")
    private String clusterManagementAddress;
    @UriParam(label = "consumer,security", secret = true)
    private String clusterSecret;

    public CoAP.Type getMessageType() {
        return messageType;
    }

    /**
     * The type of the request message. CON (Confirmable, retransmitted until acknowledged) and NON (Non-confirmable)
     * send a request. ACK and RST are never requests (RFC 7252 section 4): with them the producer sends an empty
     * Acknowledgement or Reset for the message ID in header CamelRmpCoapMessageId, and the exchange completes
     * once it is sent. Header CamelRmpCoapMessageType overrides it per message. CoAP over TCP has no message types:
     * its schemes accept only CON.
     */
    public void setMessageType(CoAP.Type messageType) {
        this.messageType = messageType;
    }

    public String getProxyUri() {
        return proxyUri;
    }

    /**
     * The Proxy-Uri option: the endpoint's host is then a CoAP forward proxy that sends the request on to this
     * absolute URI (at most 1034 bytes). Uri-Path and Uri-Query are not sent with it (RFC 7252 section 5.10.2). Header
     * CamelRmpCoapProxyUri overrides it per message. A secret: it may carry an AuthToken (key=...), so
     * Camel masks it in the endpoint URIs it prints; give it as RAW(...) when it has a query.
     */
    public void setProxyUri(String proxyUri) {
        this.proxyUri = proxyUri;
    }

    public long getTimeout() {
        return timeout;
    }

    /**
     * How long to wait for the device's answer, in milliseconds, from 1 to 30000 (the platform's default and maximum).
     * When it passes, the exchange fails with an RmpCoapTimeoutException, for CON and NON requests alike.
     */
    public void setTimeout(long timeout) {
        this.timeout = timeout;
    }

    public String getMethod() {
        return method;
    }

    /**
     * The request method. When not set: POST if the message has a body, else GET. Header CamelRmpCoapMethod
     * overrides it per message. GET and DELETE never send the message body. PING sends a CoAP ping instead of a
     * request (RFC 7252 section 4.3: an empty Confirmable message, which the device answers with a Reset): the body
     * becomes true and header CamelRmpCoapRoundTripTime the round-trip time; without an answer within
     * timeout the exchange fails with an RmpCoapTimeoutException. Not on the TCP schemes.
     */
    public void setMethod(String method) {
        this.method = method;
    }

    public String getUriQuery() {
        return uriQuery;
    }

    /**
     * The query sent to the device as Uri-Query options, e.g. RAW(a=1&b=2). Camel's own endpoint options are
     * never sent to the device. Header CamelRmpCoapUriQuery overrides it per message.
     */
    public void setUriQuery(String uriQuery) {
        this.uriQuery = uriQuery;
    }

    public String getContentFormat() {
        return contentFormat;
    }

    /**
     * The Content-Format of the payload, as a number (50) or a media type (application/json). Header
     * CamelRmpCoapContentFormat overrides it per message; when neither is set, it follows the body's
     * Content-Type (e.g. that of a device's request a consumer received). On a consumer it is the default
     * Content-Format of the answers.
     */
    public void setContentFormat(String contentFormat) {
        this.contentFormat = contentFormat;
    }

    public String getAccept() {
        return accept;
    }

    /**
     * The Accept option: the Content-Format the answer should have, as a number (50) or a media type. Header
     * CamelRmpCoapAccept overrides it per message.
     */
    public void setAccept(String accept) {
        this.accept = accept;
    }

    public boolean isThrowExceptionOnFailure() {
        return throwExceptionOnFailure;
    }

    /**
     * Whether a 4.xx or 5.xx answer fails the exchange with an RmpCoapOperationFailedException carrying the
     * code. When false, the answer is the message body and the code is in header CamelRmpCoapResponseCode.
     */
    public void setThrowExceptionOnFailure(boolean throwExceptionOnFailure) {
        this.throwExceptionOnFailure = throwExceptionOnFailure;
    }

    public RmpCoapProvider getProvider() {
        return provider;
    }

    /**
     * A provider bean (scheme, host, port and credentials of one device or proxy) shared by many connectors. The
     * endpoint's URI then needs only a path and this option, e.g. rmpcoap:/valve with provider=#device1; what the URI
     * and options give takes precedence over the provider.
     */
    public void setProvider(RmpCoapProvider provider) {
        this.provider = provider;
    }

    public String getLocalAddress() {
        return localAddress;
    }

    /**
     * The local address (an IP address or host name of this machine) the producer's socket binds to, on an ephemeral
     * port, e.g. 127.0.0.1 for devices on the loopback or the address of the interface towards the devices. By
     * default all interfaces. Producers with the same local address and credentials share one socket. A consumer binds
     * to the host of its URI. Not on the TCP schemes, whose connections leave from the address the routing
     * table chooses.
     */
    public void setLocalAddress(String localAddress) {
        this.localAddress = localAddress;
    }

    public boolean isNotify() {
        return notify;
    }

    /**
     * Whether this producer, instead of sending a request, notifies the observers of the observable resource
     * (observable=true) that a consumer of this CamelContext serves on the same scheme, host, port and path:
     * each observer gets the answer of that consumer's route, run again for it. Fails the exchange when no such
     * consumer is running.
     */
    public void setNotify(boolean notify) {
        this.notify = notify;
    }

    public boolean isProxyMode() {
        return proxyMode;
    }

    /**
     * Whether this consumer serves requests that carry a Proxy-Uri (or Proxy-Scheme) option: it receives them
     * whatever their path, with the target in header CamelRmpCoapRequestProxyUri. A server without a proxy-mode
     * consumer answers them 5.05 (Proxying Not Supported). At most one proxy-mode consumer per host and port.
     */
    public void setProxyMode(boolean proxyMode) {
        this.proxyMode = proxyMode;
    }

    public String getCoapMethodRestrict() {
        return coapMethodRestrict;
    }

    /**
     * The methods this consumer serves, comma separated, e.g. GET,PUT (from GET, POST, PUT, DELETE, FETCH, PATCH,
     * IPATCH); by default all. A request with another method is answered 4.05 (Method Not Allowed) with a diagnostic
     * payload naming the methods the path is served for, e.g. allowed: GET, PUT, since CoAP has no Allow option (RFC
     * 7252 section 5.9.2.6). Consumers on one port may serve one path with different methods. On a proxy-mode consumer
     * it restricts the proxied requests.
     */
    public void setCoapMethodRestrict(String coapMethodRestrict) {
        this.coapMethodRestrict = coapMethodRestrict;
    }

    public boolean isObserve() {
        return observe;
    }

    /**
     * Whether this consumer observes the resource at its URI on a device (RFC 7641) instead of serving requests: it
     * registers through the component's client endpoint (with the same DTLS options as a producer) and turns every
     * notification into an exchange, with headers CamelRmpCoapResponseCode, CamelRmpCoapRequestContentFormat
     * (and Content-Type) and CamelRmpCoapObserveSequence. A broken relation (no notification within the notification's Max-Age
     * plus 2 s or within observeTimeout, an error answer, a Reset, no answer to the registration within
     * timeout) is registered again after a back-off of 0, 1, 2, 4, 8, 16, then 30 s; on stop the relation is
     * cancelled at the device.
     */
    public void setObserve(boolean observe) {
        this.observe = observe;
    }

    public long getObserveTimeout() {
        return observeTimeout;
    }

    /**
     * With observe: when no notification arrives within this time (milliseconds), the relation counts as broken
     * and the consumer registers again, e.g. for a device that notifies every second and may restart. 0 (the default)
     * waits for the last notification's Max-Age (60 s unless the device says otherwise) plus 2 s.
     */
    public void setObserveTimeout(long observeTimeout) {
        this.observeTimeout = observeTimeout;
    }

    public boolean isObservable() {
        return observable;
    }

    /**
     * Whether the resource this consumer serves is observable (RFC 7641): a GET with Observe 0 registers the device,
     * and each time a producer with notify=true on the same scheme, host, port and path sends an exchange,
     * the route runs again for every observer and its answer is sent as a notification.
     */
    public void setObservable(boolean observable) {
        this.observable = observable;
    }

    public CoAP.Type getNotificationType() {
        return notificationType;
    }

    /**
     * With observable: whether notifications are Confirmable (CON, the default: an observer that stops
     * acknowledging is dropped after the retransmissions) or Non-confirmable (NON: cheaper; per RFC 7641 section
     * 4.5 Californium still sends a CON at least every 24 hours and every 100 notifications, and drops the observer
     * when that one is not acknowledged). Only CON on the TCP schemes, where messages have no type.
     */
    public void setNotificationType(CoAP.Type notificationType) {
        this.notificationType = notificationType;
    }

    public long getSeparateResponseDelay() {
        return separateResponseDelay;
    }

    /**
     * When the route takes longer than this (milliseconds) to answer a Confirmable request, the device gets an empty
     * ACK (at most a tenth of the delay, and at most 50 ms, after it) and the answer later as a separate Confirmable
     * response, so it does not retransmit. Keep it well under the device's ACK timeout (2 s by default). No effect
     * over the TCP schemes, which have no ACK.
     */
    public void setSeparateResponseDelay(long separateResponseDelay) {
        this.separateResponseDelay = separateResponseDelay;
    }

    public long getShutdownDrainTime() {
        return shutdownDrainTime;
    }

    /**
     * How long (milliseconds) a server stays open after its last consumer stopped, answering only devices that
     * retransmit a request whose answer they missed, from its deduplication store; new requests are left to the
     * devices' retransmission meanwhile. Deduplication state is not kept across a restart, so without it a
     * retransmission of a request whose answer was lost just before the stop runs the request again on the restarted
     * gateway. 3000 covers a device's first retransmission with the default CoAP parameters (ACK_TIMEOUT 2 s, random
     * factor 1.5). Over the TCP schemes nothing is retransmitted; 0 closes at once.
     */
    public void setShutdownDrainTime(long shutdownDrainTime) {
        this.shutdownDrainTime = shutdownDrainTime;
    }

    public boolean isMuteException() {
        return muteException;
    }

    /**
     * Whether a failed exchange answers 5.00 with an empty payload. When false the exception's message is the payload,
     * which may reveal internals to devices.
     */
    public void setMuteException(boolean muteException) {
        this.muteException = muteException;
    }

    public int getWorkerPoolSize() {
        return workerPoolSize;
    }

    /**
     * The number of Camel threads that run the routes of one CoAP server, so that a route that blocks (e.g. an HTTP
     * call) never holds Californium's protocol threads. 0 means no worker pool: the route starts on the CoAP server's
     * protocol thread, which saves a thread hand-off per request but stalls every device of the server while the route
     * blocks; only for routes that never block, e.g. whose producers are asynchronous (vertx-http, rmpcoap).
     */
    public void setWorkerPoolSize(int workerPoolSize) {
        this.workerPoolSize = workerPoolSize;
    }

    public int getWorkerQueueSize() {
        return workerQueueSize;
    }

    /**
     * How many requests may wait for a worker thread; beyond it the device is answered 5.03 (Service Unavailable) with
     * Max-Age 5.
     */
    public void setWorkerQueueSize(int workerQueueSize) {
        this.workerQueueSize = workerQueueSize;
    }

    public int getMaxInflightExchanges() {
        return maxInflightExchanges;
    }

    /**
     * How many exchanges one CoAP server may have in flight (received, not yet answered), whether the route is
     * synchronous or hands the exchange on asynchronously (an asynchronous route frees its worker thread at once, so
     * the worker pool alone does not bound it). Beyond it the device is answered 5.03 (Service Unavailable) with
     * Max-Age 5 at once, without running the route.
     */
    public void setMaxInflightExchanges(int maxInflightExchanges) {
        this.maxInflightExchanges = maxInflightExchanges;
    }

    public int getMaxDeduplicationMessages() {
        return maxDeduplicationMessages;
    }

    /**
     * How many received messages one CoAP server remembers to recognise retransmissions (each for EXCHANGE_LIFETIME,
     * 247 s by default, with its answer), whatever the number of peers: plain-coap source addresses can be spoofed.
     * At the cap the oldest message is forgotten first, so under load a retransmission is recognised for
     * maxDeduplicationMessages / requests per second; one arriving later reaches the route again. About 1 KiB each
     * for small messages. Over the TCP schemes nothing is retransmitted and nothing deduplicated.
     */
    public void setMaxDeduplicationMessages(int maxDeduplicationMessages) {
        this.maxDeduplicationMessages = maxDeduplicationMessages;
    }

    public int getMaxPayloadSize() {
        return maxPayloadSize;
    }

    /**
     * The largest payload, in bytes, that is sent or accepted, also when it travels block-wise (RFC 7959). A larger
     * request is answered 4.13 (Request Entity Too Large). Over the TCP schemes a payload up to this size
     * travels in one message, and a connection whose peer announces a message larger than this plus 2048 bytes (room
     * for the options) is closed; each connection opens with a CSM that announces that Max-Message-Size (RFC 8323).
     */
    public void setMaxPayloadSize(int maxPayloadSize) {
        this.maxPayloadSize = maxPayloadSize;
    }

    public String getPskIdentity() {
        return pskIdentity;
    }

    /**
     * The PSK identity for coaps with TLS_PSK_WITH_AES_128_CCM_8 (the platform user name). On a consumer, with
     * pskKey or pskPassword, it is one device the server accepts. Not on CoAP over TLS (Californium's TLS has no PSK),
     * nor are the other PSK options.
     */
    public void setPskIdentity(String pskIdentity) {
        this.pskIdentity = pskIdentity;
    }

    public String getPskKey() {
        return pskKey;
    }

    /**
     * The pre-shared key, used as given (its UTF-8 bytes), e.g. the 64-character hex printed by the PSK key tool.
     */
    public void setPskKey(String pskKey) {
        this.pskKey = pskKey;
    }

    public String getPskPassword() {
        return pskPassword;
    }

    /**
     * The platform password from which the pre-shared key is derived: the 64-character lowercase hex of its SHA-256,
     * used as ASCII bytes (the form libcoap's -k takes). Ignored when pskKey is set.
     */
    public void setPskPassword(String pskPassword) {
        this.pskPassword = pskPassword;
    }

    public PskStore getPskStore() {
        return pskStore;
    }

    /**
     * A bean that resolves a device's PSK identity to its key, for a consumer serving many devices.
     */
    public void setPskStore(PskStore pskStore) {
        this.pskStore = pskStore;
    }

    public String getPskStoreFile() {
        return pskStoreFile;
    }

    /**
     * A properties file of identity=key lines (keys as given, e.g. the PSK key tool's hex), for a consumer
     * serving many devices. Read once when the consumer starts.
     */
    public void setPskStoreFile(String pskStoreFile) {
        this.pskStoreFile = pskStoreFile;
    }

    public AdvancedPskStore getAdvancedPskStore() {
        return advancedPskStore;
    }

    /**
     * Scandium's AdvancedPskStore bean, for integrators who already have one: on a consumer it resolves the devices'
     * identities to keys, on a producer it gives the identity and key for the device. It replaces pskIdentity, pskKey,
     * pskPassword, pskStore and pskStoreFile, which cannot be set with it (a provider's PSK is then not used).
     */
    public void setAdvancedPskStore(AdvancedPskStore advancedPskStore) {
        this.advancedPskStore = advancedPskStore;
    }

    public SSLContextParameters getSslContextParameters() {
        return sslContextParameters;
    }

    /**
     * Certificates for coaps with TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, and for CoAP over TLS (TLS 1.3 or 1.2): the trust
     * managers' key store holds the trusted CA roots, the key managers' key store the own private key and chain (a
     * consumer's server certificate, or a client certificate for devices that demand one).
     */
    public void setSslContextParameters(SSLContextParameters sslContextParameters) {
        this.sslContextParameters = sslContextParameters;
    }

    public NewAdvancedCertificateVerifier getAdvancedCertificateVerifier() {
        return advancedCertificateVerifier;
    }

    /**
     * Scandium's NewAdvancedCertificateVerifier bean, which decides which peer certificates and raw public keys to
     * trust, e.g. StaticNewAdvancedCertificateVerifier with setTrustedRPKs for known devices' raw public keys. It
     * replaces the trusted roots: trustStore, the trust managers of sslContextParameters and trustAllRawPublicKeys
     * cannot be set with it. A consumer uses it only with clientAuthentication WANTED or NEEDED.
     */
    public void setAdvancedCertificateVerifier(NewAdvancedCertificateVerifier advancedCertificateVerifier) {
        this.advancedCertificateVerifier = advancedCertificateVerifier;
    }

    public PrivateKey getPrivateKey() {
        return privateKey;
    }

    /**
     * The own private key for raw public keys (RFC 7250) with TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8, as a bean (e.g. an
     * EC secp256r1 key); needs publicKey, the other half of the pair. It replaces keyStore and the key managers of
     * sslContextParameters as the own identity. The peer's raw public key is trusted only through
     * advancedCertificateVerifier or trustAllRawPublicKeys.
     */
    public void setPrivateKey(PrivateKey privateKey) {
        this.privateKey = privateKey;
    }

    public PublicKey getPublicKey() {
        return publicKey;
    }

    /**
     * The own public key for raw public keys (RFC 7250), as a bean; the pair of privateKey, which must be set with it.
     */
    public void setPublicKey(PublicKey publicKey) {
        this.publicKey = publicKey;
    }

    public boolean isTrustAllRawPublicKeys() {
        return trustAllRawPublicKeys;
    }

    /**
     * Whether every peer's raw public key is trusted (a producer: any server's; a consumer with clientAuthentication
     * WANTED or NEEDED: any device's), without knowing it beforehand. Only for closed networks and tests: anybody can
     * make a key pair. Off by default; prefer advancedCertificateVerifier with the known keys.
     */
    public void setTrustAllRawPublicKeys(boolean trustAllRawPublicKeys) {
        this.trustAllRawPublicKeys = trustAllRawPublicKeys;
    }

    public String getTrustStore() {
        return trustStore;
    }

    /**
     * A key store of trusted CA roots (classpath:, file: or a path), as an alternative to sslContextParameters.
     */
    public void setTrustStore(String trustStore) {
        this.trustStore = trustStore;
    }

    public String getTrustStorePassword() {
        return trustStorePassword;
    }

    /**
     * The password of the trust store.
     */
    public void setTrustStorePassword(String trustStorePassword) {
        this.trustStorePassword = trustStorePassword;
    }

    public String getKeyStore() {
        return keyStore;
    }

    /**
     * A key store with the own private key and certificate chain (classpath:, file: or a path), as an alternative to
     * sslContextParameters.
     */
    public void setKeyStore(String keyStore) {
        this.keyStore = keyStore;
    }

    public String getKeyStorePassword() {
        return keyStorePassword;
    }

    /**
     * The password of the key store and of its key entry.
     */
    public void setKeyStorePassword(String keyStorePassword) {
        this.keyStorePassword = keyStorePassword;
    }

    public String getKeyStoreType() {
        return keyStoreType;
    }

    /**
     * The type of trustStore and keyStore.
     */
    public void setKeyStoreType(String keyStoreType) {
        this.keyStoreType = keyStoreType;
    }

    public String getAlias() {
        return alias;
    }

    /**
     * The alias of the key entry (private key and certificate chain) to use from keyStore or from the key managers'
     * key store of sslContextParameters, when it holds more than one; by default the certAlias of
     * sslContextParameters, else the first key entry. An alias that is not a key entry of the store fails the
     * endpoint when it starts.
     */
    public void setAlias(String alias) {
        this.alias = alias;
    }

    public String getCipherSuites() {
        return cipherSuites;
    }

    /**
     * The DTLS cipher suites, comma separated. By default the one suite of each configured mode:
     * TLS_PSK_WITH_AES_128_CCM_8 for PSK, TLS_ECDHE_ECDSA_WITH_AES_128_CCM_8 for certificates and raw public keys. Not
     * on the TCP schemes, where the JVM's TLS suites apply.
     */
    public void setCipherSuites(String cipherSuites) {
        this.cipherSuites = cipherSuites;
    }

    public boolean isRecommendedCipherSuitesOnly() {
        return recommendedCipherSuitesOnly;
    }

    /**
     * Whether cipherSuites may name only the suites Scandium recommends (AEAD suites such as the CCM_8 ones). The CBC
     * suites (e.g. TLS_PSK_WITH_AES_128_CBC_SHA256) are not recommended; set it to false to allow them for devices
     * that offer nothing else. With true, a CBC suite in cipherSuites fails the endpoint's creation.
     */
    public void setRecommendedCipherSuitesOnly(boolean recommendedCipherSuitesOnly) {
        this.recommendedCipherSuitesOnly = recommendedCipherSuitesOnly;
    }

    public CertificateAuthenticationMode getClientAuthentication() {
        return clientAuthentication;
    }

    /**
     * Whether a consumer asks devices for a client certificate: NONE (devices as the platform guide describes send
     * none), WANTED or NEEDED. The same over coaps (DTLS) and CoAP over TLS.
     */
    public void setClientAuthentication(CertificateAuthenticationMode clientAuthentication) {
        this.clientAuthentication = clientAuthentication;
    }

    public Integer getConnectionIdLength() {
        return connectionIdLength;
    }

    /**
     * DTLS Connection ID (RFC 9146) for coaps: the length in bytes, from 0 to 16, of the ID this endpoint asks its peers
     * to put in the records they send it, so that a session survives a change of the peer's address (a NAT rebinding).
     * 0 accepts the extension without using an ID for itself; not set, the extension is off. Peers that offer no
     * Connection ID (e.g. libcoap 4.3.1) keep working unchanged. On a consumer, 6 bytes (the value of Californium's
     * own servers) give 2^48 IDs, plenty for any fleet. Not on the TCP schemes.
     */
    public void setConnectionIdLength(Integer connectionIdLength) {
        this.connectionIdLength = connectionIdLength;
    }

    public String getSessionStoreFile() {
        return sessionStoreFile;
    }

    /**
     * A file (path) where a coaps consumer keeps its devices' DTLS sessions across a restart: they are saved encrypted
     * with sessionStorePassword when the consumer stops and loaded (and the file removed) when it starts, so
     * devices go on without a new handshake. A file that cannot be loaded (wrong password, damaged, from another
     * version, older than sessionStoreMaxAge, unreadable) is reported as a WARN and the consumer starts clean. Not on
     * the TCP schemes.
     */
    public void setSessionStoreFile(String sessionStoreFile) {
        this.sessionStoreFile = sessionStoreFile;
    }

    public String getSessionStorePassword() {
        return sessionStorePassword;
    }

    /**
     * The password that encrypts the session store file (AES-GCM with a key derived from it); required with
     * sessionStoreFile. Use a long random value, e.g. openssl rand -base64 32.
     */
    public void setSessionStorePassword(String sessionStorePassword) {
        this.sessionStorePassword = sessionStorePassword;
    }

    public long getSessionStoreMaxAge() {
        return sessionStoreMaxAge;
    }

    /**
     * The maximum age of the saved sessions, in milliseconds: sessions without traffic for longer are not saved, and
     * a file saved longer ago is not loaded.
     */
    public void setSessionStoreMaxAge(long sessionStoreMaxAge) {
        this.sessionStoreMaxAge = sessionStoreMaxAge;
    }

    public Integer getClusterNodeId() {
        return clusterNodeId;
    }

    /**
     * Makes this coaps consumer a node of a Connection-ID cluster of gateways behind a plain UDP load balancer
     * (Scandium's DtlsManagedClusterConnector): its id, from 0 to 255, is the first byte of every Connection ID it
     * issues, and a record whose Connection ID names another node is forwarded to that node over the management
     * channel, processed there and answered through this node, so a device keeps its session whichever node the
     * balancer sends it to. Needs connectionIdLength of at least 5, clusterNodes and clusterSecret. Not set (the
     * default), the cluster is off. Devices without a Connection ID are served by the node they reach.
     */
    public void setClusterNodeId(Integer clusterNodeId) {
        this.clusterNodeId = clusterNodeId;
    }

    public String getClusterNodes() {
        return clusterNodes;
    }

    /**
     * With clusterNodeId: the management channels of all nodes, the same list on every node, as
     * id=host:port,id=host:port,... (an IPv6 address in brackets). A host may be a DNS name that resolves only later,
     * e.g. a StatefulSet pod's stable name: it is resolved when needed, and again while the node does not answer.
     * This node's own entry is skipped (its port is the default of clusterManagementAddress).
     */
    public void setClusterNodes(String clusterNodes) {
        this.clusterNodes = clusterNodes;
    }

    public String getClusterManagementAddress() {
        return clusterManagementAddress;
    }

    /**
     * With clusterNodeId: host:port the management channel binds to. By default the consumer's own host (e.g.
     * 0.0.0.0) with the port of this node's entry in clusterNodes. Keep it off the devices' network: only the other
     * nodes need to reach it.
     */
    public void setClusterManagementAddress(String clusterManagementAddress) {
        this.clusterManagementAddress = clusterManagementAddress;
    }

    public String getClusterSecret() {
        return clusterSecret;
    }

    /**
     * With clusterNodeId: the pre-shared key (at least 16 characters, the same on every node, e.g. openssl rand
     * -base64 32) of the management channel, a DTLS 1.2 PSK connection between each pair of nodes. Forwarded records
     * also carry a MAC under keys of that connection, so a node drops management datagrams from anyone without it.
     */
    public void setClusterSecret(String clusterSecret) {
        this.clusterSecret = clusterSecret;
    }

    public RmpCoapConfiguration copy() {
        try {
            return (RmpCoapConfiguration) super.clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }
}
