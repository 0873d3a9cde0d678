package io.rmpcoap.routes;

import java.io.IOException;
import java.util.Map;

import io.rmpcoap.camel.mapping.LastMapping;
import io.vertx.core.AsyncResult;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.net.ProxyOptions;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;
import io.vertx.ext.web.client.impl.WebClientInternal;
import io.vertx.ext.web.codec.BodyCodec;
import io.vertx.ext.web.codec.spi.BodyStream;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangePropertyKey;
import org.apache.camel.Message;
import org.apache.camel.component.vertx.common.KeyManagerFactoryOptions;
import org.apache.camel.component.vertx.http.DefaultVertxHttpBinding;
import org.apache.camel.component.vertx.http.VertxHttpConfiguration;
import org.apache.camel.component.vertx.http.VertxHttpEndpoint;
import org.apache.camel.http.base.HttpHelper;
import org.apache.camel.spi.HeaderFilterStrategy;
import org.apache.camel.util.IOHelper;

/**
 * The gateway's HTTP leg on camel-vertx-http does what a forwarder should and nothing more:
 * <ul>
 * <li>the target is sent as the AuthToken processor wrote it (header CamelHttpUri), its path and query not decoded and
 * encoded again, over TLS exactly when its scheme is https;</li>
 * <li>no redirect is followed: it could lead outside the allow-list;</li>
 * <li>no answer read beyond {@code maxPayloadSize}: the device could not be given more anyway, and an API (or whoever
 * answers in its place) must not make the gateway buffer an endless body. An answer that declares a longer body fails
 * before any of it is read, one that sends more fails once the cap is passed; both with
 * {@link AnswerTooLargeException} (the route answers 5.02), and the connection is closed, not drained;</li>
 * <li>the answer carries the API's headers only, so that the request's Content-Type never labels an answer the API
 * sent in another format.</li>
 * </ul>
 * Requests go through a web client of the binding's own, built on the endpoint's Vert.x and webClientOptions (which
 * the endpoint has given its sslContextParameters by then): refusing an answer and closing its connection need an
 * interceptor, which the endpoint's client does not expose. One binding per endpoint, as {@code #class:} gives. The
 * endpoint's timeout, connectTimeout, proxy and headerFilterStrategy options apply to each request.
 */
public class GatewayHttpBinding extends DefaultVertxHttpBinding {

    private final int maxAnswerSize;
    private final BodyCodec<Buffer> boundedBody;
    private volatile WebClient client;
    /** The charset a Content-Type names (null if none), parsed once for the API's usual Content-Type. */
    private final LastMapping<String> charsets = new LastMapping<>(IOHelper::getCharsetNameFromContentType);

    /** @param maxAnswerSize the most bytes of an answer's body that are read (the gateway's maxPayloadSize) */
    public GatewayHttpBinding(int maxAnswerSize) {
        this.maxAnswerSize = maxAnswerSize;
        this.boundedBody = new BoundedBodyCodec(maxAnswerSize);
    }

    @Override
    public HttpRequest<Buffer> prepareHttpRequest(VertxHttpEndpoint endpoint, Exchange exchange) throws Exception {
        VertxHttpConfiguration configuration = endpoint.getConfiguration();
        Message message = exchange.getMessage();
        String target = message.getHeader(Exchange.HTTP_URI, configuration.getHttpUri().toString(), String.class);
        HttpMethod method = message.getHeader(Exchange.HTTP_METHOD, HttpMethod.class);
        HttpRequest<Buffer> request = client(endpoint).requestAbs(
                method != null ? method : message.getBody() != null ? HttpMethod.POST : HttpMethod.GET, target);
        populateRequestHeaders(endpoint, exchange, request, configuration.getHeaderFilterStrategy());
        if (configuration.getTimeout() > -1) {
            request.timeout(configuration.getTimeout());
        }
        request.connectTimeout(configuration.getConnectTimeout());
        if (configuration.getProxyHost() != null) {
            request.proxy(proxy(configuration));
        }
        return request.followRedirects(false).as(boundedBody);
    }

    private WebClient client(VertxHttpEndpoint endpoint) {
        WebClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    Vertx vertx = endpoint.getComponent().getVertx();
                    WebClientOptions configured = endpoint.getConfiguration().getWebClientOptions();
                    WebClientOptions options = configured != null ? new WebClientOptions(configured) : new WebClientOptions();
                    // camel-vertx-common 4.17 gives sslContextParameters without key managers key options without a
                    // factory, which fail every TLS handshake; the gateway then presents no client certificate at all
                    if (options.getKeyCertOptions() instanceof KeyManagerFactoryOptions keys
                        && keys.getKeyManagerFactory(vertx) == null) {
                        options.setKeyCertOptions(null);
                    }
                    WebClientInternal created = (WebClientInternal) WebClient.create(vertx, options);
                    created.addInterceptor(this::refuseTooLargeAnswers);
                    client = created;
                }
                c = client;
            }
        }
        return c;
    }

    /**
     * Fails an answer that declares a longer body than the cap before any of it is read (a check of the answer's own
     * headers: a ResponsePredicate would copy them per request), and closes a refused answer's connection: Vert.x keeps
     * reading a refused answer's body to reuse its connection, which never ends for an endless one.
     */
    private void refuseTooLargeAnswers(HttpContext<?> context) {
        HttpClientResponse response = context.clientResponse();
        if (context.phase() == ClientPhase.RECEIVE_RESPONSE && declaresMoreThanTheCap(response)) {
            context.fail(new AnswerTooLargeException(maxAnswerSize));
            return;
        }
        if (context.phase() == ClientPhase.FAILURE && context.failure() instanceof AnswerTooLargeException
            && response != null) {
            // the response's failure is the one reported already
            response.exceptionHandler(ignored -> {
            });
            response.request().connection().close();
        }
        context.next();
    }

    private static ProxyOptions proxy(VertxHttpConfiguration configuration) {
        ProxyOptions proxy = new ProxyOptions().setHost(configuration.getProxyHost());
        if (configuration.getProxyPort() != null) {
            proxy.setPort(configuration.getProxyPort());
        }
        if (configuration.getProxyType() != null) {
            proxy.setType(configuration.getProxyType());
        }
        return proxy.setUsername(configuration.getProxyUsername()).setPassword(configuration.getProxyPassword());
    }

    private boolean declaresMoreThanTheCap(HttpClientResponse response) {
        String length = response.getHeader("Content-Length");
        try {
            return length != null && Long.parseLong(length.trim()) > maxAnswerSize;
        } catch (NumberFormatException e) {
            // Vert.x refuses the answer itself
            return false;
        }
    }

    /**
     * As camel-vertx-http's binding, but the answer carries the API's headers only (as camel-http's copyHeaders=false):
     * the request's headers would otherwise label and accompany it. Without the request's headers there is nothing to
     * set aside and put back around the API's, which the binding would do per answer.
     */
    @Override
    public void populateResponseHeaders(Exchange exchange, HttpResponse<Buffer> response, HeaderFilterStrategy strategy) {
        Map<String, Object> headers = exchange.getMessage().getHeaders();
        headers.clear();
        headers.put(Exchange.HTTP_RESPONSE_CODE, response.statusCode());
        headers.put(Exchange.HTTP_RESPONSE_TEXT, response.statusMessage());
        response.headers().forEach((name, value) -> {
            String key = name;
            if (name.equalsIgnoreCase(Exchange.CONTENT_TYPE)) {
                key = Exchange.CONTENT_TYPE;
                exchange.setProperty(ExchangePropertyKey.CHARSET_NAME, charsets.apply(value));
            }
            Object extracted = HttpHelper.extractHttpParameterValue(value);
            if (strategy == null || !strategy.applyFilterToExternalHeaders(key, extracted, exchange)) {
                HttpHelper.appendHeader(headers, key, extracted);
            }
        });
    }

    /** An answer's body is larger than the gateway relays. */
    public static final class AnswerTooLargeException extends IOException {
        AnswerTooLargeException(int limit) {
            super("The API's answer is larger than " + limit + " bytes");
        }
    }

    /** Collects an answer's body, and fails as soon as more than the limit arrived instead of buffering it. */
    private record BoundedBodyCodec(int limit) implements BodyCodec<Buffer> {

        @Override
        public void create(Handler<AsyncResult<BodyStream<Buffer>>> callback) {
            callback.handle(Future.succeededFuture(new BoundedBody(limit)));
        }
    }

    private static final class BoundedBody implements BodyStream<Buffer> {
        private final int limit;
        private final Buffer body = Buffer.buffer();
        private final Promise<Buffer> result = Promise.promise();

        BoundedBody(int limit) {
            this.limit = limit;
        }

        @Override
        public Future<Buffer> result() {
            return result.future();
        }

        @Override
        public void handle(Throwable failure) {
            result.tryFail(failure);
        }

        @Override
        public Future<Void> write(Buffer data) {
            if (body.length() + data.length() > limit) {
                // the failed write ends the pipe and the request, which closes the connection
                AnswerTooLargeException tooLarge = new AnswerTooLargeException(limit);
                result.tryFail(tooLarge);
                return Future.failedFuture(tooLarge);
            }
            body.appendBuffer(data);
            return Future.succeededFuture();
        }

        @Override
        public void write(Buffer data, Handler<AsyncResult<Void>> handler) {
            Future<Void> written = write(data);
            if (handler != null) {
                handler.handle(written);
            }
        }

        @Override
        public void end(Handler<AsyncResult<Void>> handler) {
            result.tryComplete(body);
            if (handler != null) {
                handler.handle(Future.succeededFuture());
            }
        }

        @Override
        public BoundedBody exceptionHandler(Handler<Throwable> handler) {
            return this;
        }

        @Override
        public BoundedBody setWriteQueueMaxSize(int maxSize) {
            return this;
        }

        @Override
        public boolean writeQueueFull() {
            return false;
        }

        @Override
        public BoundedBody drainHandler(Handler<Void> handler) {
            return this;
        }
    }
}
