package io.rmpcoap.camel;

import java.net.InetSocketAddress;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.MessageDeliverer;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;

/**
 * A Californium CoAP server on 127.0.0.1 that records every request it receives, for tests of the producer. Paths:
 * {@code missing} answers 4.04, {@code slow} waits for {@link #release()}, anything else echoes the method and
 * payload with 2.05 (GET) or 2.04.
 */
final class RecordingDevice implements MessageDeliverer, AutoCloseable {

    static {
        CoapConfig.register();
        UdpConfig.register();
    }

    final BlockingQueue<Request> requests = new LinkedBlockingQueue<>();
    private final CountDownLatch slow = new CountDownLatch(1);
    private final CoapEndpoint endpoint;

    RecordingDevice() throws Exception {
        Configuration configuration = Configuration.createStandardWithoutFile();
        configuration.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, 1 << 20);
        endpoint = CoapEndpoint.builder().setConfiguration(configuration)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        endpoint.setMessageDeliverer(this);
        endpoint.start();
    }

    int port() {
        return endpoint.getAddress().getPort();
    }

    Request nextRequest() throws InterruptedException {
        Request request = requests.poll(5, TimeUnit.SECONDS);
        if (request == null) {
            throw new AssertionError("The device received no request");
        }
        return request;
    }

    void release() {
        slow.countDown();
    }

    @Override
    public void deliverRequest(Exchange exchange) {
        Request request = exchange.getRequest();
        requests.add(request);
        String path = request.getOptions().getUriPathString();
        if (path.equals("missing")) {
            exchange.sendResponse(new Response(ResponseCode.NOT_FOUND));
            return;
        }
        if (path.equals("slow")) {
            new Thread(() -> {
                try {
                    slow.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                exchange.sendResponse(echo(request));
            }).start();
            return;
        }
        exchange.sendResponse(echo(request));
    }

    private static Response echo(Request request) {
        Response response = new Response(request.getCode() == org.eclipse.californium.core.coap.CoAP.Code.GET
                ? ResponseCode.CONTENT : ResponseCode.CHANGED);
        byte[] payload = request.getPayload();
        if (payload.length > 0) {
            response.setPayload(payload);
            response.getOptions().setContentFormat(request.getOptions().hasContentFormat()
                    ? request.getOptions().getContentFormat() : MediaTypeRegistry.TEXT_PLAIN);
        } else {
            response.setPayload(request.getCode().name());
            response.getOptions().setContentFormat(MediaTypeRegistry.TEXT_PLAIN);
        }
        return response;
    }

    @Override
    public void deliverResponse(Exchange exchange, Response response) {
    }

    @Override
    public void close() {
        endpoint.destroy();
    }
}
