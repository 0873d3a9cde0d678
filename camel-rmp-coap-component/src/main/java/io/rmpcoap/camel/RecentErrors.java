package io.rmpcoap.camel;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.CamelEvent.ExchangeFailedEvent;
import org.apache.camel.support.EventNotifierSupport;

/**
 * The last few failed exchanges that involved rmpcoap (from an rmpcoap consumer, or failed by an rmpcoap producer),
 * for the {@code rmpcoap} dev console. Fed by Camel's own exchange-failed events; every other event is ignored, so
 * Camel creates none of them for this notifier. Messages of this component's exceptions never hold secrets, and
 * endpoints are shown without their options.
 */
final class RecentErrors extends EventNotifierSupport {

    /** How many errors are kept. */
    static final int CAPACITY = 20;

    /** One failed exchange. */
    record Error(Instant time, String endpoint, String exception, String message) {
    }

    private final Deque<Error> errors = new ArrayDeque<>(CAPACITY);

    RecentErrors() {
        setIgnoreCamelContextEvents(true);
        setIgnoreCamelContextInitEvents(true);
        setIgnoreRouteEvents(true);
        setIgnoreServiceEvents(true);
        setIgnoreStepEvents(true);
        setIgnoreExchangeCreatedEvent(true);
        setIgnoreExchangeCompletedEvent(true);
        setIgnoreExchangeRedeliveryEvents(true);
        setIgnoreExchangeSendingEvents(true);
        setIgnoreExchangeSentEvents(true);
        setIgnoreExchangeAsyncProcessingStartedEvents(true);
    }

    @Override
    public boolean isEnabled(CamelEvent event) {
        return event instanceof ExchangeFailedEvent;
    }

    @Override
    public void notify(CamelEvent event) {
        Exchange exchange = ((ExchangeFailedEvent) event).getExchange();
        Throwable failure = exchange.getException();
        Endpoint from = exchange.getFromEndpoint();
        String endpoint = from instanceof RmpCoapEndpoint ? from.getEndpointBaseUri() : null;
        if (endpoint == null && (failure instanceof RmpCoapException || failure instanceof RmpCoapOperationFailedException
                                 || failure instanceof RmpCoapTimeoutException)) {
            endpoint = "producer";
        }
        if (endpoint == null || failure == null) {
            return;
        }
        Error error = new Error(Instant.now(), endpoint, failure.getClass().getName(), failure.getMessage());
        synchronized (errors) {
            if (errors.size() == CAPACITY) {
                errors.removeFirst();
            }
            errors.addLast(error);
        }
    }

    /** Oldest first. */
    List<Error> list() {
        synchronized (errors) {
            return List.copyOf(errors);
        }
    }
}
