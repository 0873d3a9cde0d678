package io.rmpcoap.bench.targets;

import io.rmpcoap.bench.BenchConfig;
import io.rmpcoap.bench.TargetSupport;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleHttpResponse;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.ContentType;
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
 * The baseline: a minimal hand-written forwarder. A Californium endpoint whose deliverer sends each request's
 * Proxy-Uri with Apache HttpClient 5 (async, pooled) and answers from the HTTP callback; no Camel, no checks, no
 * token handling. Arguments: port, echo base URL (unused: the Proxy-Uri names it), udp|dtls.
 */
public final class HandForwarderTarget {

    private HandForwarderTarget() {
    }

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        boolean dtls = "dtls".equals(args[2]);
        CloseableHttpAsyncClient http = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(512).setMaxConnPerRoute(512).build())
                .setIOReactorConfig(IOReactorConfig.custom().setIoThreadCount(2).build())
                .disableCookieManagement()
                .build();
        http.start();
        Configuration config = BenchConfig.standard();
        CoapEndpoint.Builder builder = BenchConfig.serverEndpoint(config, port, dtls);
        CoapEndpoint endpoint = builder.build();
        endpoint.setMessageDeliverer(new MessageDeliverer() {
            @Override
            public void deliverRequest(Exchange exchange) {
                forward(http, exchange);
            }

            @Override
            public void deliverResponse(Exchange exchange, Response response) {
            }
        });
        endpoint.setExecutors(ExecutorsUtil.newScheduledThreadPool(2, new NamedThreadFactory("fwd#")),
                ExecutorsUtil.newDefaultSecondaryScheduler("fwd-timer#"));
        endpoint.start();
        TargetSupport.ready(port, () -> {
            endpoint.destroy();
            http.close();
        });
    }

    static void forward(CloseableHttpAsyncClient http, Exchange exchange) {
        Request request = exchange.getRequest();
        String uri = request.getOptions().getProxyUri();
        if (uri == null) {
            exchange.sendResponse(new Response(ResponseCode.PROXY_NOT_SUPPORTED));
            return;
        }
        SimpleRequestBuilder builder = SimpleRequestBuilder.create(request.getCode().name()).setUri(uri);
        if (request.getPayloadSize() > 0) {
            builder.setBody(request.getPayload(), ContentType.APPLICATION_JSON);
        }
        SimpleHttpRequest httpRequest = builder.build();
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
