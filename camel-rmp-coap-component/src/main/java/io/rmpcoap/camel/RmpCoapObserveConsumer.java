package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

import io.rmpcoap.camel.mapping.CoapHttpCodes;
import io.rmpcoap.camel.mapping.ContentFormats;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.spi.ThreadPoolProfile;
import org.apache.camel.support.DefaultConsumer;
import org.apache.camel.util.concurrent.ThreadPoolRejectedPolicy;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.OptionSet;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.observe.NotificationListener;
import org.eclipse.californium.core.observe.ObserveNotificationOrderer;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Observes a resource on a device (RFC 7641, consumer option {@code observe=true}) through the component's shared
 * client endpoint, and turns every notification into an exchange, in the order the device numbered them. Unlike
 * camel-coap it keeps the relation alive: when it breaks (no notification within the notification's Max-Age plus
 * {@link #MAX_AGE_GRACE_MILLIS}, or within {@code observeTimeout}; an error answer; a Reset; no answer to the
 * registration within {@code timeout}) it registers again after {@link #BACKOFF_MILLIS}, and on stop it cancels the
 * relation at the device (a GET with Observe 1) so the device stops sending.
 */
public class RmpCoapObserveConsumer extends DefaultConsumer {

    private static final Logger LOG = LoggerFactory.getLogger(RmpCoapObserveConsumer.class);
    private static final Pattern IP_LITERAL = Pattern.compile("[0-9.]+|.*:.*");
    /** Delays before each re-registration after a broken relation: the first at once, then bounded by 30 s. */
    static final long[] BACKOFF_MILLIS = { 0, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000 };
    /** How long past a notification's Max-Age the consumer waits for the next one before it registers again. */
    static final long MAX_AGE_GRACE_MILLIS = 2_000;
    /** How long a stopping route waits for the device to confirm the cancellation. */
    static final long CANCEL_WAIT_MILLIS = 2_000;
    /** Notifications waiting for the route; beyond it new ones are dropped (and logged) until the route catches up. */
    static final int MAX_QUEUED_NOTIFICATIONS = 1_000;

    private final RmpCoapConfiguration configuration;
    private final RmpCoapAddress address;
    private CoapEndpoint client;
    private EndpointContext destination;
    private ExecutorService deliveries;
    private final Object lock = new Object();
    private final Consumer<InetSocketAddress> connectionClosed = this::connectionClosed;
    /** The current registration; guarded by lock. */
    private Registration current;
    /** The pending re-registration; guarded by lock. */
    private ScheduledFuture<?> retry;
    /** Consecutive failed registrations; guarded by lock. */
    private int failures;
    private volatile String problem = "not registered yet";
    /** Californium hands notifications after the first answer to the endpoint's listeners, not to the request. */
    private final NotificationListener notifications = (request, response) -> {
        Registration registration;
        synchronized (lock) {
            registration = current;
        }
        if (registration != null && registration.request.getToken().equals(request.getToken())) {
            registration.onResponse(response);
        }
    };

    public RmpCoapObserveConsumer(RmpCoapEndpoint endpoint, Processor processor) {
        super(endpoint, processor);
        this.configuration = endpoint.getConfiguration();
        this.address = endpoint.getAddress();
    }

    @Override
    public RmpCoapEndpoint getEndpoint() {
        return (RmpCoapEndpoint) super.getEndpoint();
    }

    @Override
    protected void doStart() throws Exception {
        super.doStart();
        getEndpoint().getComponent().addHealthCheck(this, routeId -> new RmpCoapObserveHealthCheck(this, routeId));
        InetSocketAddress socketAddress = new InetSocketAddress(address.host(), address.port());
        if (socketAddress.isUnresolved()) {
            throw new IllegalArgumentException("Cannot resolve the host of " + address);
        }
        destination = new AddressEndpointContext(socketAddress);
        String name = "RmpCoapObserve[" + address + "]";
        ThreadPoolProfile profile = new ThreadPoolProfile(name);
        profile.setPoolSize(1);
        profile.setMaxPoolSize(1);
        profile.setMaxQueueSize(MAX_QUEUED_NOTIFICATIONS);
        profile.setRejectedPolicy(ThreadPoolRejectedPolicy.Abort);
        // one thread keeps the device's order, and the route never runs on Californium's protocol threads
        deliveries = getEndpoint().getCamelContext().getExecutorServiceManager().newThreadPool(this, name, profile);
        client = getEndpoint().getComponent().clients().acquire(address.tcp(), getEndpoint().dtlsSettings(false),
                configuration.getMaxPayloadSize(), configuration.getLocalAddress(), address.tcp() ? connectionClosed : null);
        client.addNotificationListener(notifications);
        synchronized (lock) {
            failures = 0;
            register();
        }
    }

    @Override
    protected void doStop() throws Exception {
        Registration last;
        synchronized (lock) {
            last = current;
            current = null;
            if (retry != null) {
                retry.cancel(false);
                retry = null;
            }
        }
        if (last != null) {
            if (last.established) {
                last.cancelAtDevice();
            } else {
                // no relation at the device yet; should the registration still succeed, its notifications get a Reset
                last.forget();
            }
        }
        if (client != null) {
            client.removeNotificationListener(notifications);
            getEndpoint().getComponent().clients().release(client, connectionClosed);
            client = null;
        }
        if (deliveries != null) {
            getEndpoint().getCamelContext().getExecutorServiceManager().shutdown(deliveries);
            deliveries = null;
        }
        problem = "stopped";
        super.doStop();
    }

    /** Null while notifications arrive, else why the relation is not established. */
    String getProblem() {
        return problem;
    }

    /** Starts a new registration with a new token; called with lock held. */
    private void register() {
        retry = null;
        current = new Registration();
        current.start();
    }

    /** Over TCP a relation lives as long as its connection (RFC 8323 section 7.1): its end breaks the relation. */
    private void connectionClosed(InetSocketAddress peer) {
        Registration registration;
        synchronized (lock) {
            registration = current;
        }
        if (registration != null && peer.equals(destination.getPeerAddress())) {
            broken(registration, "the connection closed");
        }
    }

    /** Ends the registration that broke and schedules the next one with back-off, unless stopping. */
    private void broken(Registration registration, String reason) {
        synchronized (lock) {
            if (current != registration || !isRunAllowed()) {
                return;
            }
            registration.forget();
            current = null;
            long delay = BACKOFF_MILLIS[Math.min(failures, BACKOFF_MILLIS.length - 1)];
            failures++;
            problem = reason;
            LOG.warn("Observe relation with {} broken ({}); registering again in {} ms (attempt {})", address, reason,
                    delay, failures);
            retry = getEndpoint().getComponent().timerExecutor().schedule(() -> {
                synchronized (lock) {
                    if (current == null && isRunAllowed()) {
                        register();
                    }
                }
            }, delay, TimeUnit.MILLISECONDS);
        }
    }

    private void established(Registration registration) {
        synchronized (lock) {
            if (current != registration) {
                return;
            }
            if (problem != null) {
                LOG.info("Observing {}{}", address, failures > 0 ? " again after " + failures + " failed attempt(s)" : "");
            }
            failures = 0;
            problem = null;
        }
    }

    private void deliver(Response response) {
        ExecutorService executor = deliveries;
        if (executor == null) {
            return;
        }
        try {
            executor.execute(() -> process(response));
        } catch (RejectedExecutionException e) {
            LOG.warn("Dropping a notification from {}: {} notifications are waiting for the route", address,
                    MAX_QUEUED_NOTIFICATIONS);
        }
    }

    private void process(Response response) {
        Exchange exchange = createExchange(false);
        try {
            toCamel(response, exchange.getMessage());
            getProcessor().process(exchange);
        } catch (Exception e) {
            exchange.setException(e);
        }
        if (exchange.getException() != null) {
            getExceptionHandler().handleException("Error processing a notification from " + address, exchange,
                    exchange.getException());
        }
        releaseExchange(exchange, false);
    }

    private void toCamel(Response response, Message message) {
        OptionSet options = response.getOptions();
        message.setHeader(RmpCoapConstants.RESPONSE_CODE, CoapHttpCodes.text(response.getCode()));
        if (options.hasObserve()) {
            message.setHeader(RmpCoapConstants.OBSERVE_SEQUENCE, options.getObserve());
        }
        // as any consumer: the format travels as Content-Type and request data, never as a header producers read
        if (options.hasContentFormat()) {
            message.setHeader(RmpCoapConstants.REQUEST_CONTENT_FORMAT, options.getContentFormat());
            String contentType = ContentFormats.toContentType(options.getContentFormat());
            if (contentType != null) {
                message.setHeader(Exchange.CONTENT_TYPE, contentType);
            }
        }
        ResponseOptionHeaders.toHeaders(options, message);
        InetSocketAddress peer = response.getSourceContext().getPeerAddress();
        message.setHeader(RmpCoapConstants.REMOTE_ADDRESS, peer.getHostString() + ":" + peer.getPort());
        byte[] payload = response.getPayload();
        message.setBody(payload != null && payload.length > 0 ? payload : null);
    }

    /** One registration (one token) and the notifications it brings, until it breaks or is cancelled. */
    private final class Registration extends MessageObserverAdapter {

        private final Request request = Request.newGet();
        private final ObserveNotificationOrderer orderer = new ObserveNotificationOrderer();
        private volatile ScheduledFuture<?> watchdog;
        private volatile boolean established;

        Registration() {
            request.setDestinationContext(destination);
            OptionSet options = request.getOptions();
            if (!IP_LITERAL.matcher(address.host()).matches()) {
                options.setUriHost(address.host());
            }
            options.setUriPath(address.path());
            if (configuration.getUriQuery() != null && !configuration.getUriQuery().isEmpty()) {
                options.setUriQuery(configuration.getUriQuery());
            }
            if (getEndpoint().getAcceptNumber() != MediaTypeRegistry.UNDEFINED) {
                options.setAccept(getEndpoint().getAcceptNumber());
            }
            request.setObserve();
            request.addMessageObserver(this);
        }

        void start() {
            arm(configuration.getTimeout(), "no answer to the registration within " + configuration.getTimeout() + " ms");
            client.sendRequest(request);
        }

        /** Declares the relation broken unless a notification arrives within the delay. */
        private void arm(long millis, String reason) {
            ScheduledFuture<?> old = watchdog;
            if (old != null) {
                old.cancel(false);
            }
            watchdog = getEndpoint().getComponent().timerExecutor()
                    .schedule(() -> broken(this, reason), millis, TimeUnit.MILLISECONDS);
        }

        /** Forgets the relation locally: later notifications for its token get a Reset from Californium. */
        void forget() {
            ScheduledFuture<?> old = watchdog;
            if (old != null) {
                old.cancel(false);
            }
            request.removeMessageObserver(this);
            request.cancel();
            client.cancelObservation(request.getToken());
        }

        /** RFC 7641 section 3.6: a GET with the same token and Observe 1, so the device removes its observer. */
        void cancelAtDevice() {
            forget();
            Request cancel = Request.newGet();
            cancel.setDestinationContext(request.getDestinationContext());
            cancel.setToken(request.getToken());
            cancel.setOptions(request.getOptions());
            cancel.setObserveCancel();
            CountDownLatch answered = new CountDownLatch(1);
            cancel.addMessageObserver(new MessageObserverAdapter() {
                @Override
                public void onResponse(Response response) {
                    answered.countDown();
                }

                @Override
                protected void failed() {
                    answered.countDown();
                }
            });
            client.sendRequest(cancel);
            try {
                if (!answered.await(CANCEL_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    LOG.info("{} did not confirm the cancellation of the observe relation within {} ms", address,
                            CANCEL_WAIT_MILLIS);
                    cancel.cancel();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                cancel.cancel();
            }
        }

        @Override
        public void onResponse(Response response) {
            if (!response.isSuccess()) {
                broken(this, "the device answered " + CoapHttpCodes.text(response.getCode()));
                return;
            }
            if (!response.getOptions().hasObserve()) {
                // the device serves the resource but not its changes: deliver this state, ask again after back-off
                deliver(response);
                broken(this, "the device answered without Observe: the resource is not observable");
                return;
            }
            if (!orderer.isNew(response)) {
                return;
            }
            long maxAge = response.getOptions().getMaxAge() * 1000 + MAX_AGE_GRACE_MILLIS;
            long observeTimeout = configuration.getObserveTimeout();
            long wait = observeTimeout > 0 ? Math.min(observeTimeout, maxAge) : maxAge;
            arm(wait, "no notification within " + wait + " ms");
            established = true;
            established(this);
            deliver(response);
        }

        @Override
        public void onReject() {
            broken(this, "the device rejected the registration with a Reset");
        }

        @Override
        public void onTimeout() {
            broken(this, "the device did not acknowledge the registration");
        }

        @Override
        protected void failed() {
            Throwable error = request.getSendError();
            broken(this, "the registration could not be sent" + (error != null ? ": " + error.getMessage() : ""));
        }
    }
}
