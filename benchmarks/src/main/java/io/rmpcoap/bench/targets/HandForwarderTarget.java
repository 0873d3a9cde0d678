package io.rmpcoap.bench.targets;

import java.util.Map;

import io.rmpcoap.bench.BenchConfig;
import io.rmpcoap.bench.TargetSupport;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.async.MinimalHttpAsyncClient;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.config.Http1Config;
import org.apache.hc.core5.http2.config.H2Config;
import org.apache.hc.core5.reactor.IOReactorConfig;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.MessageDeliverer;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.elements.util.NamedThreadFactory;
import org.eclipse.californium.scandium.config.DtlsConfig;

/**
 * The baseline: the leanest CoAP-to-HTTP forwarder the same libraries allow. A Californium endpoint whose
 * {@link MessageDeliverer} runs on Californium's protocol thread, takes the AuthToken out of the Proxy-Uri's query
 * ({@code key=Base64(user:password)} is already the credentials of HTTP Basic, so it becomes
 * {@code Authorization: Basic <key>} without decoding), and sends the request with Apache HttpClient 5's
 * {@link MinimalHttpAsyncClient} (no execution chain: no redirects, retries, cookies, authentication cache or
 * connection state) with one I/O thread and a pool of {@link #CONNECTIONS} connections; the HTTP callback answers the
 * device (Californium hands the response to the exchange's protocol thread). No Camel, no checks, no thread of its own,
 * and per request only the strings of the path and header, the HTTP request, the CoAP response and HttpClient's own
 * objects (the backend's HttpHost is kept from the request before). Arguments: port, echo base URL (unused: the
 * Proxy-Uri names it), udp|dtls, then for experiments (Benchmark's hand-* variants) {@code protocolThreads=N} (default
 * 1), {@code ioThreads=N} (default 1), {@code connections=N}, {@code connectionIdLength=N} (DTLS Connection ID, default none).
 */
public final class HandForwarderTarget {

    private static final String TOKEN = "key=";
    /**
     * The connections to the backend: fewer than the requests in flight (64 in the benchmark), so that requests wait
     * for a connection in HttpClient's pool and each connection carries many of them. In A/B runs on a loaded machine
     * against a connection per request in flight (hand-c256: 256 allowed, 64 used) it cost 0.67-1.04x the CPU per
     * request over UDP and 0.97-1.06x over DTLS, i.e. no more within the noise, with a quarter of the sockets;
     * californium-proxy2 allows 50 per route.
     */
    static final int CONNECTIONS = 16;
    /**
     * The scheme://authority last seen and its HttpHost, so that a Proxy-Uri naming the same backend as the request
     * before is neither parsed nor copied into a String of its own.
     */
    private static volatile Backend last = new Backend("", null);

    private record Backend(String schemeAndAuthority, HttpHost host) {
    }

    private HandForwarderTarget() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        boolean dtls = "dtls".equals(args[2]);
        // experiment options name=value after the three arguments (variants in Benchmark.EXPERIMENTS)
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 3; i < args.length; i++) {
            options.put(args[i].substring(0, args[i].indexOf('=')), args[i].substring(args[i].indexOf('=') + 1));
        }
        int ioThreads = Integer.parseInt(options.getOrDefault("ioThreads", "1"));
        int protocolThreads = Integer.parseInt(options.getOrDefault("protocolThreads", "1"));
        int connections = Integer.parseInt(options.getOrDefault("connections", String.valueOf(CONNECTIONS)));
        MinimalHttpAsyncClient http = HttpAsyncClients.createMinimal(H2Config.DEFAULT, Http1Config.DEFAULT,
                IOReactorConfig.custom().setIoThreadCount(ioThreads).build(),
                PoolingAsyncClientConnectionManagerBuilder.create().setMaxConnTotal(connections)
                        .setMaxConnPerRoute(connections).build());
        http.start();
        Configuration config = BenchConfig.standard();
        if (options.containsKey("connectionIdLength")) {
            config.set(DtlsConfig.DTLS_CONNECTION_ID_LENGTH, Integer.valueOf(options.get("connectionIdLength")));
        }
        CoapEndpoint endpoint = BenchConfig.serverEndpoint(config, port, dtls).build();
        endpoint.setMessageDeliverer(new MessageDeliverer() {
            @Override
            public void deliverRequest(Exchange exchange) {
                forward(http, exchange);
            }

            @Override
            public void deliverResponse(Exchange exchange, Response response) {
            }
        });
        endpoint.setExecutors(ExecutorsUtil.newScheduledThreadPool(protocolThreads, new NamedThreadFactory("fwd#")),
                ExecutorsUtil.newDefaultSecondaryScheduler("fwd-timer#"));
        endpoint.start();
        TargetSupport.ready(port, () -> {
            endpoint.destroy();
            http.close();
        });
    }

    private static HttpHost host(String schemeAndAuthority) {
        try {
            return HttpHost.create(schemeAndAuthority);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException(e);
        }
    }

    static void forward(MinimalHttpAsyncClient http, Exchange exchange) {
        Request request = exchange.getRequest();
        String uri = request.getOptions().getProxyUri();
        int authority = uri == null ? -1 : uri.indexOf("://");
        int path = authority < 0 ? -1 : uri.indexOf('/', authority + 3);
        int token = path < 0 ? -1 : uri.indexOf(TOKEN, path);
        if (token < 0 || (uri.charAt(token - 1) != '?' && uri.charAt(token - 1) != '&')) {
            exchange.sendResponse(new Response(ResponseCode.UNAUTHORIZED));
            return;
        }
        int tokenEnd = uri.indexOf('&', token);
        String key = tokenEnd < 0 ? uri.substring(token + TOKEN.length()) : uri.substring(token + TOKEN.length(), tokenEnd);
        // the path and query without the key parameter
        String target = tokenEnd < 0 ? uri.substring(path, token - 1) : uri.substring(path, token) + uri.substring(tokenEnd + 1);
        Backend backend = last;
        if (backend.schemeAndAuthority().length() != path || !uri.startsWith(backend.schemeAndAuthority())) {
            String schemeAndAuthority = uri.substring(0, path);
            backend = new Backend(schemeAndAuthority, host(schemeAndAuthority));
            last = backend;
        }
        HttpHost host = backend.host();
        SimpleHttpRequest httpRequest = new SimpleHttpRequest(request.getCode().name(), host, target);
        httpRequest.setHeader("Authorization", "Basic " + key);
        if (request.getPayloadSize() > 0) {
            httpRequest.setBody(request.getPayload(), ContentType.APPLICATION_JSON);
        }
        http.execute(httpRequest, new FutureCallback<SimpleHttpResponse>() {
            @Override
            public void completed(SimpleHttpResponse result) {
                ResponseCode code = result.getCode() >= 300 ? ResponseCode.BAD_GATEWAY
                        : request.getCode() == CoAP.Code.GET ? ResponseCode.CONTENT : ResponseCode.CHANGED;
                Response response = new Response(code);
                byte[] body = result.getBodyBytes();
                if (body != null && body.length > 0) {
                    response.setPayload(body);
                    response.getOptions().setContentFormat(BenchConfig.JSON);
                }
                exchange.sendResponse(response);
            }

            @Override
            public void failed(Exception ex) {
                exchange.sendResponse(new Response(ResponseCode.BAD_GATEWAY));
            }

            @Override
            public void cancelled() {
                exchange.sendResponse(new Response(ResponseCode.SERVICE_UNAVAILABLE));
            }
        });
    }
}
