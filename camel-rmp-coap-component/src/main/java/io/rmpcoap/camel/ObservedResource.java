package io.rmpcoap.camel;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.observe.ObserveManager;
import org.eclipse.californium.core.observe.ObserveRelation;

/**
 * The observable resource of a consumer with {@code observable=true}: Californium's own observe machinery
 * ({@link ObserveManager}, {@link ObserveRelation}, the server observe layer) keeps its observers, numbers and types
 * the notifications, and drops observers that reset or stop acknowledging. {@link #changed()} re-runs the
 * consumer's route for each observer, as a CoapResource tree does with its handler.
 */
final class ObservedResource extends CoapResource {

    private final ObserveManager observers;
    private final Consumer<Exchange> route;
    /** Relations whose route runs now, and whether it must run once more after; guarded by itself. */
    private final Map<Exchange, Boolean> running = new HashMap<>();

    /**
     * @param route runs the consumer's route for a request or a notification and answers through
     *              {@link #beforeResponse}
     */
    ObservedResource(String path, CoAP.Type notificationType, ObserveManager observers, Consumer<Exchange> route) {
        super(path.isEmpty() ? "/" : path, true);
        this.observers = observers;
        this.route = route;
        setObservable(true);
        setObserveType(notificationType);
        getAttributes().setObservable();
    }

    /** What ServerMessageDeliverer does for an observable resource: a GET with Observe 0 registers, 1 cancels. */
    void register(Exchange exchange) {
        Request request = exchange.getRequest();
        if (CoAP.isObservable(request.getCode()) && request.getOptions().hasObserve()) {
            if (request.isObserve()) {
                observers.addObserveRelation(exchange, this);
            } else if (request.isObserveCancel()) {
                observers.cancelObserveRelation(exchange);
            }
        }
    }

    /**
     * Called by the observe relation for each notification: the route answers it like a request. One run per
     * relation at a time, as with a CoapResource's handler; changes meanwhile coalesce into one more run, so the
     * observer always ends with the newest state.
     */
    @Override
    public void handleRequest(Exchange exchange) {
        synchronized (running) {
            if (running.containsKey(exchange)) {
                running.put(exchange, Boolean.TRUE);
                return;
            }
            running.put(exchange, Boolean.FALSE);
        }
        route.accept(exchange);
    }

    private void answered(Exchange exchange) {
        Boolean again;
        synchronized (running) {
            again = running.remove(exchange);
        }
        if (Boolean.TRUE.equals(again)) {
            // through changed(), so that the new answer gets a new Observe number (a repeated one would be ignored)
            changed(relation -> relation.getExchange() == exchange);
        }
    }

    /**
     * Sends the route's answer; for an observe relation it first establishes the relation (with a successful first
     * answer) and numbers the notification, on the exchange's own serial executor as Californium requires.
     */
    static void respond(Exchange exchange, Response response) {
        ObserveRelation relation = exchange.getRelation();
        if (relation != null && relation.getResource() instanceof ObservedResource resource) {
            exchange.execute(() -> {
                resource.checkObserveRelation(exchange, response);
                exchange.sendResponse(response);
                // only now, so that a run for a later change gets a later Observe number than this answer
                resource.answered(exchange);
            });
        } else {
            exchange.sendResponse(response);
        }
    }

    /** Tells the observers the resource is gone (4.04), so that they stop expecting notifications. */
    void close() {
        clearAndNotifyObserveRelations(ResponseCode.NOT_FOUND);
    }
}
