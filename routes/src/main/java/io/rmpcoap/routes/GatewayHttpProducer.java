package io.rmpcoap.routes;

import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import org.apache.camel.AsyncCallback;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.vertx.http.VertxHttpBinding;
import org.apache.camel.support.DefaultAsyncProducer;

/**
 * The gateway's HTTP call: camel-vertx-http's producer for a request body of bytes (or none), except that the route
 * continues on the Vert.x event loop that received the answer. camel-vertx-http hands every answer to a worker thread
 * because an arbitrary route might block after it; the gateway's route never blocks, and that hand-off cost a thread
 * wake-up per request.
 */
final class GatewayHttpProducer extends DefaultAsyncProducer {

    GatewayHttpProducer(GatewayHttpEndpoint endpoint) {
        super(endpoint);
    }

    @Override
    public GatewayHttpEndpoint getEndpoint() {
        return (GatewayHttpEndpoint) super.getEndpoint();
    }

    @Override
    public boolean process(Exchange exchange, AsyncCallback callback) {
        VertxHttpBinding binding = getEndpoint().getConfiguration().getVertxHttpBinding();
        try {
            HttpRequest<Buffer> request = binding.prepareHttpRequest(getEndpoint(), exchange);
            Handler<AsyncResult<HttpResponse<Buffer>>> answered = result -> {
                try {
                    binding.handleResponse(getEndpoint(), exchange, result);
                } catch (Exception e) {
                    exchange.setException(e);
                } finally {
                    callback.done(false);
                }
            };
            Message message = exchange.getMessage();
            if (message.getBody() == null) {
                request.send(answered);
            } else {
                request.sendBuffer(message.getMandatoryBody(Buffer.class), answered);
            }
            return false;
        } catch (Exception e) {
            exchange.setException(e);
            callback.done(true);
            return true;
        }
    }
}
