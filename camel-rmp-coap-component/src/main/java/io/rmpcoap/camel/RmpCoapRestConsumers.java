package io.rmpcoap.camel;

import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.apache.camel.CamelContext;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.spi.RestConfiguration;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.support.RestComponentHelper;
import org.apache.camel.util.URISupport;
import org.eclipse.californium.core.coap.CoAP;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one REST DSL operation ({@code rest("/api").get("/users/{id}")}) into an rmpcoap consumer: the rest
 * configuration's scheme (coap, coaps, coap+tcp or coaps+tcp), host, port and context path, the operation's path template, and its
 * endpoint properties as rmpcoap options. Consumers of one host and port share one server, which matches the
 * template and the verb.
 */
final class RmpCoapRestConsumers {

    private static final Logger LOG = LoggerFactory.getLogger(RmpCoapRestConsumers.class);

    private RmpCoapRestConsumers() {
    }

    static Consumer create(CamelContext context, Processor processor, String verb, String basePath, String uriTemplate,
                           RestConfiguration config, Map<String, Object> parameters) throws Exception {
        CoAP.Code method = method(verb);
        String scheme = config.getScheme() == null ? RmpCoapAddress.COAP : config.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of(RmpCoapAddress.COAP, RmpCoapAddress.COAPS, RmpCoapAddress.COAP_TCP, RmpCoapAddress.COAPS_TCP)
                .contains(scheme)) {
            throw new IllegalArgumentException("rmpcoap serves REST over coap, coaps, coap+tcp or coaps+tcp, not " + scheme
                                               + ": set restConfiguration().scheme(\"coap\") or scheme(\"coaps\")");
        }
        if (config.isEnableCORS()) {
            LOG.info("enableCORS does not apply to CoAP and is ignored by rmpcoap");
        }
        String host = config.getHost() == null || config.getHost().isBlank()
                ? RestComponentHelper.resolveRestHostName(null, config) : config.getHost();
        if (host.indexOf(':') >= 0 && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        int port = config.getPort() > 0 ? config.getPort()
                : RmpCoapAddress.COAPS.equals(scheme) || RmpCoapAddress.COAPS_TCP.equals(scheme) ? 5684 : 5683;
        String path = join(config.getContextPath(), basePath, uriTemplate);

        Map<String, Object> options = new HashMap<>();
        if (config.getEndpointProperties() != null) {
            options.putAll(config.getEndpointProperties());
        }
        String query = URISupport.createQueryString(options);
        String uri = "rmpcoap:" + scheme + "://" + host + ":" + port + "/" + path + (query.isEmpty() ? "" : "?" + query);
        RmpCoapEndpoint endpoint = parameters == null || parameters.isEmpty()
                ? context.getEndpoint(uri, RmpCoapEndpoint.class)
                : (RmpCoapEndpoint) context.getEndpoint(uri, parameters);
        RmpCoapConsumer consumer = (RmpCoapConsumer) endpoint.createConsumer(processor);
        consumer.serveRest(method);
        if (config.getConsumerProperties() != null && !config.getConsumerProperties().isEmpty()) {
            PropertyBindingSupport.bindProperties(context, consumer, new HashMap<>(config.getConsumerProperties()));
        }
        return consumer;
    }

    /** The CoAP method of a REST DSL verb; CoAP has no HEAD or OPTIONS. */
    private static CoAP.Code method(String verb) {
        try {
            return CoAP.Code.valueOf(verb.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("CoAP has no method " + verb.toUpperCase(Locale.ROOT)
                                               + "; rmpcoap serves the REST verbs get, post, put, delete and patch");
        }
    }

    /** context path + base path + template, without leading, trailing or double slashes. */
    static String join(String... parts) {
        StringBuilder path = new StringBuilder();
        for (String part : parts) {
            if (part == null) {
                continue;
            }
            for (String segment : part.split("/")) {
                if (!segment.isEmpty()) {
                    path.append(path.length() == 0 ? "" : "/").append(segment);
                }
            }
        }
        return path.toString();
    }
}
