package io.rmpcoap.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

import io.rmpcoap.camel.RmpCoapConstants;
import io.rmpcoap.routes.AuthTokenProcessor;
import org.apache.camel.Exchange;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.DefaultExchange;

/**
 * The CPU time and allocation of the gateway's own per-request step, {@link AuthTokenProcessor} (allow-list check,
 * token to Basic authentication, headers), on one thread without load: a change to it is too small to show above the
 * noise of the whole benchmark on a shared machine, but its thread CPU time and bytes per call are steady. Run it once
 * per build, e.g. with the jars of the build before a change in front of the class path. Arguments: iterations per
 * round (default 200,000).
 */
public final class GatewayStepProbe {

    private GatewayStepProbe() {
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().getId();
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.start();
            AuthTokenProcessor processor = new AuthTokenProcessor("http://127.0.0.1:8080/", true);
            String proxyUri = "http://127.0.0.1:8080/echo?key=" + BenchConfig.TOKEN;
            double best = Double.MAX_VALUE;
            for (int round = 0; round < 10; round++) {
                long cpu0 = threads.getCurrentThreadCpuTime();
                long allocated0 = threads.getThreadAllocatedBytes(thread);
                for (int i = 0; i < iterations; i++) {
                    Exchange exchange = new DefaultExchange(context);
                    exchange.getMessage().setHeader(RmpCoapConstants.REQUEST_METHOD, "POST");
                    exchange.getMessage().setHeader(RmpCoapConstants.REQUEST_PROXY_URI, proxyUri);
                    exchange.getMessage().setHeader(RmpCoapConstants.REQUEST_CONTENT_FORMAT, BenchConfig.JSON);
                    exchange.getMessage().setHeader(RmpCoapConstants.PSK_IDENTITY, BenchConfig.USER);
                    exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, "application/json");
                    processor.process(exchange);
                    if (exchange.getMessage().getHeader("Authorization") == null) {
                        throw new IllegalStateException("refused: " + exchange.getMessage().getHeaders());
                    }
                }
                double ns = (threads.getCurrentThreadCpuTime() - cpu0) / (double) iterations;
                double bytes = (threads.getThreadAllocatedBytes(thread) - allocated0) / (double) iterations;
                best = Math.min(best, ns);
                System.out.printf(Locale.ROOT, "round %d: %.0f ns CPU, %.0f bytes allocated per request "
                                               + "(exchange, headers and AuthTokenProcessor)%n", round + 1, ns, bytes);
            }
            System.out.printf(Locale.ROOT, "best round: %.0f ns%n", best);
        }
    }
}
