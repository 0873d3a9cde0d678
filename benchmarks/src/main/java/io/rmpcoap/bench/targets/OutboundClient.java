package io.rmpcoap.bench.targets;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;

import io.rmpcoap.bench.AsyncDriver;
import io.rmpcoap.bench.BenchConfig;
import io.rmpcoap.bench.LoadEngine;
import io.rmpcoap.bench.LoadEngine.Status;
import io.rmpcoap.bench.TargetSupport;
import io.rmpcoap.bench.ThreadDriver;
import io.rmpcoap.camel.RmpCoapComponent;
import io.rmpcoap.camel.RmpCoapConstants;
import io.rmpcoap.camel.RmpCoapTimeoutException;
import org.apache.camel.AsyncProducer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.Producer;
import org.apache.camel.coap.CoAPComponent;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.UDPConnector;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * One outbound client in its own process, driving the CoAP device with its own closed loop: CON POST (small JSON) to
 * {@code echo}. Kinds: {@code rmpcoap} (the rmpcoap producer, async), {@code camel-coap} (camel-coap's producer, which
 * blocks: one thread per slot), {@code raw} (a Californium endpoint, async). Its CPU time is its own. Arguments: kind,
 * udp|dtls, device port. Then each line on standard input is a plan {@code c:warmup:window:reps,...} to run (so that
 * the launcher can let the clients take turns, window by window), until {@code quit}. Prints {@code PROGRESS ...},
 * {@code RESULT ...} and {@code DONE}.
 */
public final class OutboundClient {

    private OutboundClient() {
    }

    public static void main(String[] args) throws Exception {
        String kind = args[0];
        boolean dtls = "dtls".equals(args[1]);
        int port = Integer.parseInt(args[2]);
        DefaultCamelContext context = new DefaultCamelContext();
        LoadEngine.Driver driver;
        Runnable close;
        switch (kind) {
            case "rmpcoap" -> {
                String uri = "rmpcoap:" + (dtls ? "coaps" : "coap") + "://127.0.0.1:" + port + "/echo?method=POST"
                             + "&contentFormat=application/json&timeout=" + BenchConfig.REQUEST_TIMEOUT_MS
                             + "&throwExceptionOnFailure=false"
                             + (dtls ? "&pskIdentity=" + BenchConfig.USER + "&pskKey=" + BenchConfig.PSK_KEY_TEXT : "");
                Configuration coap = BenchConfig.outboundClient(BenchConfig.standard());
                coap.set(CoapConfig.DEDUPLICATOR, CoapConfig.DEDUPLICATOR_PEERS_MARK_AND_SWEEP); // the component's default
                context.getComponent("rmpcoap", RmpCoapComponent.class).setCoapConfiguration(coap);
                context.start();
                Endpoint endpoint = context.getEndpoint(uri);
                AsyncProducer producer = endpoint.createAsyncProducer();
                producer.start();
                driver = new AsyncDriver() {
                    @Override
                    protected void send(int slot, Completion completion) {
                        Exchange exchange = new DefaultExchange(context);
                        exchange.getMessage().setBody(BenchConfig.BODY);
                        producer.process(exchange, doneSync -> {
                            Exception e = exchange.getException();
                            String code = exchange.getMessage().getHeader(RmpCoapConstants.RESPONSE_CODE, String.class);
                            completion.complete(e instanceof RmpCoapTimeoutException ? Status.TIMEOUT
                                    : e == null && code != null && code.startsWith("2.") ? Status.OK : Status.ERROR);
                        });
                    }
                };
                close = producer::stop;
            }
            case "camel-coap" -> {
                if (dtls) {
                    context.getRegistry().bind("psk", new AdvancedSinglePskStore(BenchConfig.USER, BenchConfig.pskKey()));
                }
                String uri = (dtls ? "coaps" : "coap") + "://127.0.0.1:" + port + "/echo" + (dtls ? "?advancedPskStore=#psk" : "");
                File properties = File.createTempFile("camel-coap-bench", ".properties");
                properties.deleteOnExit();
                Files.writeString(properties.toPath(), BenchConfig.outboundProperties());
                context.getComponent("coap", CoAPComponent.class).setConfigurationFile("file:" + properties.getAbsolutePath());
                context.start();
                Endpoint endpoint = context.getEndpoint(uri);
                Producer producer = endpoint.createProducer();
                producer.start();
                driver = new ThreadDriver() {
                    @Override
                    protected Status call(int slot) throws Exception {
                        Exchange exchange = new DefaultExchange(context);
                        exchange.getMessage().setHeader("CamelCoapMethod", "POST");
                        exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                        exchange.getMessage().setBody(BenchConfig.BODY);
                        producer.process(exchange);
                        if (exchange.getException() != null) {
                            throw exchange.getException();
                        }
                        String code = exchange.getMessage().getHeader("CamelCoapResponseCode", String.class);
                        return exchange.getException() == null && code != null && code.startsWith("2") ? Status.OK
                                : Status.ERROR;
                    }
                };
                close = producer::stop;
            }
            case "raw" -> {
                Configuration config = BenchConfig.outboundClient(BenchConfig.standard());
                CoapEndpoint.Builder builder = CoapEndpoint.builder().setConfiguration(config);
                if (dtls) {
                    builder.setConnector(BenchConfig.dtlsClient(config, new InetSocketAddress(0)));
                } else {
                    builder.setConnector(new UDPConnector(new InetSocketAddress(0), config));
                }
                CoapEndpoint endpoint = builder.build();
                endpoint.start();
                AddressEndpointContext device = new AddressEndpointContext(new InetSocketAddress("127.0.0.1", port));
                driver = new AsyncDriver() {
                    @Override
                    protected void send(int slot, Completion completion) {
                        Request request = Request.newPost();
                        request.setDestinationContext(device);
                        request.getOptions().setUriPath("echo").setContentFormat(BenchConfig.JSON);
                        request.setPayload(BenchConfig.BODY);
                        request.addMessageObserver(completion.observer());
                        completion.onTimeout(request::cancel);
                        endpoint.sendRequest(request);
                    }
                };
                close = endpoint::destroy;
            }
            default -> throw new IllegalArgumentException("unknown kind " + kind);
        }
        TargetSupport.println("READY " + port);
        LoadEngine engine = new LoadEngine(line -> TargetSupport.println("PROGRESS " + line));
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        for (String plan; (plan = commands.readLine()) != null && !plan.isBlank() && !"quit".equals(plan.trim()); ) {
            for (String level : plan.trim().split(",")) {
                String[] f = level.split(":");
                List<LoadEngine.Result> results = engine.run(kind + " " + (dtls ? "dtls" : "udp") + " c=" + f[0], driver,
                        Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]), Integer.parseInt(f[3]),
                        TargetSupport::processCpuNanos);
                for (LoadEngine.Result r : results) {
                    TargetSupport.println("RESULT " + r.line());
                }
            }
        }
        close.run();
        context.stop();
        TargetSupport.println("DONE");
        System.exit(0); // not halt: a JFR recording (-Dbench.jfr) is written on exit
    }

    static {
        CoAP.Type.values(); // loads Californium before the first request
    }
}
