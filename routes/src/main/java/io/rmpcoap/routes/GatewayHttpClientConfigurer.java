package io.rmpcoap.routes;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.HttpEntityWrapper;

/**
 * The gateway's HTTP client does what a forwarder should and nothing more, so each of these both removes a step from
 * every request and closes a door:
 * <ul>
 * <li>no automatic retries: HttpClient's default strategy repeats any request, a POST too, after 1 s when the API
 * answers 429 or 503, so the API would apply it twice; the device retransmits its Confirmable request itself and
 * decides whether to try again;</li>
 * <li>no cookies: camel-http keeps one cookie store per endpoint, so a cookie one API answer set would ride on every
 * later request, whichever device sent it;</li>
 * <li>no authentication cache and no connection state: every request carries the Authorization its device's
 * AuthToken gives, and a pooled connection belongs to no device;</li>
 * <li>no content compression: the gateway relays bodies as the API sends them, without asking for gzip or inflating
 * it;</li>
 * <li>no answer read beyond {@code maxPayloadSize}: the device could not be given more anyway, and an API (or whoever
 * answers in its place) must not make the gateway buffer an endless body. An answer that declares or sends more fails
 * the call with {@link AnswerTooLargeException} (the route answers 5.02) and its connection is discarded, not
 * drained.</li>
 * </ul>
 * Set per endpoint ({@code httpClientConfigurer=#class:...}), so other http endpoints of the application keep
 * camel-http's defaults.
 */
public class GatewayHttpClientConfigurer implements HttpClientConfigurer {

    private final int maxAnswerSize;

    /** @param maxAnswerSize the most bytes of an answer's body that are read (the gateway's maxPayloadSize) */
    public GatewayHttpClientConfigurer(int maxAnswerSize) {
        this.maxAnswerSize = maxAnswerSize;
    }

    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        clientBuilder.disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .disableContentCompression()
                .addResponseInterceptorLast((response, details, context) -> {
                    if (response instanceof ClassicHttpResponse classic && classic.getEntity() != null) {
                        classic.setEntity(new BoundedEntity(classic.getEntity(), maxAnswerSize));
                    }
                });
    }

    /** An answer's body is larger than the gateway relays. */
    public static final class AnswerTooLargeException extends IOException {
        AnswerTooLargeException(int limit) {
            super("The API's answer is larger than " + limit + " bytes");
        }
    }

    /**
     * Gives at most {@code limit} bytes of the body and fails the read that goes past them (or the first read, when the
     * answer declares a longer body). HttpClient wraps this entity in its connection-releasing stream, which on a
     * failed read discards the connection instead of reading the rest of the body to reuse it.
     */
    private static final class BoundedEntity extends HttpEntityWrapper {
        private final int limit;

        BoundedEntity(HttpEntity entity, int limit) {
            super(entity);
            this.limit = limit;
        }

        @Override
        public InputStream getContent() throws IOException {
            InputStream content = super.getContent();
            boolean declaredTooLarge = getContentLength() > limit;
            return content == null ? null : new FilterInputStream(content) {
                private long read;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) throws IOException {
                    if (declaredTooLarge) {
                        throw new AnswerTooLargeException(limit);
                    }
                    // one byte more than the limit is enough to know the body is too large
                    int n = super.read(buffer, offset, (int) Math.min(length, limit + 1L - read));
                    if (n > 0 && (read += n) > limit) {
                        throw new AnswerTooLargeException(limit);
                    }
                    return n;
                }
            };
        }

        @Override
        public void writeTo(OutputStream out) throws IOException {
            try (InputStream content = getContent()) {
                content.transferTo(out);
            }
        }
    }
}
