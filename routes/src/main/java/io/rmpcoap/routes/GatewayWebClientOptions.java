package io.rmpcoap.routes;

import io.vertx.ext.web.client.WebClientOptions;

/**
 * The gateway's Vert.x web client: one pooled connection per request in flight up to {@code connections} per API host
 * (Vert.x's default is 5, so requests would queue for a connection), kept alive between requests; redirects are never
 * followed (a redirect could lead outside the allow-list); no compression. camel-vertx-http then ignores its endpoint's
 * connectTimeout and proxy options: {@link GatewayHttpBinding}, whose client uses these options, applies them to each
 * request.
 */
public class GatewayWebClientOptions extends WebClientOptions {

    public GatewayWebClientOptions(int connections) {
        setMaxPoolSize(connections);
        setKeepAlive(true);
        setFollowRedirects(false);
        setTryUseCompression(false);
    }
}
