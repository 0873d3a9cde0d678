package io.rmpcoap.bench.targets;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

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

/**
 * The baseline: the leanest CoAP-to-HTTP forwarder the same libraries allow. A Californium endpoint whose
 * {@link MessageDeliverer} runs on Californium's protocol thread, takes the AuthToken out of the Proxy-Uri's query
 * ({@code key=Base64(user:password)} is already the credentials of HTTP Basic, so it becomes
 * {@code Authorization: Basic <key>} without decoding), and sends the request with Apache HttpClient 5's
 * {@link MinimalHttpAsyncClient} (no execution chain: no redirects, retries, cookies, authentication cache or
 * connection state); the HTTP callback answers the device. No Camel, no checks, no thread of its own, and per request
 * only the strings of the path and header, the HTTP request, the CoAP response and HttpClient's own objects. Arguments:
 * port, echo base URL (unused: the Proxy-Uri names it), udp|dtls.
 */
public final class HandForwarderTarget {

    private static final String TOKEN = "key=";
    /** The HttpHost of each scheme://authority seen, so that a Proxy-Uri's host is not parsed on every request. */
    private static final Map<String, HttpHost> HOSTS = new ConcurrentHashMap<>();

    private HandForwarderTarget() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        boolean dtls = "dtls".equals(args[2]);
        MinimalHttpAsyncClient http = HttpAsyncClients.createMinimal(H2Config.DEFAULT, Http1Config.DEFAULT,
                IOReactorConfig.custom().setIoThreadCount(1).build(),
                PoolingAsyncClientConnectionManagerBuilder.create().setMaxConnTotal(256).setMaxConnPerRoute(256).build());
        http.start();
        Configuration config = BenchConfig.standard();
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
        endpoint.setExecutors(ExecutorsUtil.newScheduledThreadPool(1, new NamedThreadFactory("fwd#")),
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
        HttpHost host = HOSTS.computeIfAbsent(uri.substring(0, path), HandForwarderTarget::host);
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
