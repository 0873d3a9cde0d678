package io.rmpcoap.camel;

import io.rmpcoap.camel.test.FreePorts;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.test.junit5.CamelTestSupport;
import org.eclipse.californium.core.coap.CoAP;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad configuration fails when the endpoint is created, with a message that names the option.
 */
class RmpCoapEndpointConfigurationTest extends CamelTestSupport {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "rmpcoap:http://127.0.0.1:1234/x                    | scheme",
            "rmpcoap:coap:///x                                   | host",
            "rmpcoap:/x                                          | provider",
            "rmpcoap:coap://127.0.0.1:1234/x?timeout=0           | timeout",
            "rmpcoap:coap://127.0.0.1:1234/x?timeout=30001       | timeout",
            "rmpcoap:coap://127.0.0.1:1234/x?messageType=FOO     | messageType",
            "rmpcoap:coap://127.0.0.1:1234/x?method=BREW         | method",
            "rmpcoap:coap:/x                                     | rmpcoap:coap://host[:port][/path]",
            "rmpcoap:coap://127.0.0.1:1234/x?contentFormat=foo/bar | contentFormat",
            "rmpcoap:coap://127.0.0.1:1234/x?accept=70000        | accept",
            "rmpcoap:coap://127.0.0.1:1234/x?nosuchOption=1      | nosuchOption",
            "rmpcoap:coap://127.0.0.1:1234/x?maxInflightExchanges=0 | maxInflightExchanges",
            "rmpcoap:coap://127.0.0.1:1234/x?workerPoolSize=-1   | workerPoolSize",
            "rmpcoap:coaps://127.0.0.1:1234/x?cipherSuites=TLS_FOO&pskIdentity=a&pskKey=b | TLS_FOO",
    })
    void badConfigurationFailsAtEndpointCreationNamingTheOption(String uri, String named) {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class, () -> {
            context.getEndpoint(uri).createProducer();
        });
        String message = e.getMessage() + (e.getCause() != null ? " / " + e.getCause().getMessage() : "");
        assertTrue(message.contains(named), message);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "coap://hello:S3cret-Pw@127.0.0.1:1234/x", "coap://hello:S3cret-Pw@/x",
                             "ftp://hello:S3cret-Pw@127.0.0.1/x", "coap://hello:S3cret-Pw@127.0.0.1:99999/x",
                             "coap://hello:S3cret-Pw@127.0.0.1:1234/x y" })
    void aUriWithUserInfoIsRefusedWithoutRepeatingIt(String address) {
        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:" + address));
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        assertFalse(trace.toString().contains("S3cret-Pw"), trace.toString());
    }

    @Test
    void defaultsFollowThePlatformGuide() {
        RmpCoapEndpoint endpoint = context.getEndpoint("rmpcoap:coap://device.example/valve", RmpCoapEndpoint.class);
        assertEquals(30_000, endpoint.getConfiguration().getTimeout());
        assertEquals(CoAP.Type.CON, endpoint.getConfiguration().getMessageType());
        assertEquals(5683, endpoint.getAddress().port());
        assertEquals("valve", endpoint.getAddress().path());
        assertEquals(5684, context.getEndpoint("rmpcoap:coaps://device.example", RmpCoapEndpoint.class).getAddress().port());
    }

    @Test
    void camelCoapUriFormWithoutSlashesServesAndCalls() throws Exception {
        int port = FreePorts.udp();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap:localhost:" + port + "/greeting").setBody(constant("hello"));
            }
        });
        assertEquals("hello", template.requestBody("rmpcoap:coap:localhost:" + port + "/greeting?timeout=5000", null, String.class));
        assertEquals("coap://localhost:5683/greeting",
                context.getEndpoint("rmpcoap:coap:localhost/greeting", RmpCoapEndpoint.class).getAddress().toString());
    }

    @Test
    void coapsProducerWithoutCredentialsIsRefusedWhenTheRouteStarts() {
        Exception e = assertThrows(Exception.class, () -> context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("direct:nocredentials").to("rmpcoap:coaps://127.0.0.1:" + FreePorts.udp() + "/x");
            }
        }));
        StringBuilder messages = new StringBuilder();
        for (Throwable t = e; t != null; t = t.getCause()) {
            messages.append(t.getMessage()).append(" / ");
        }
        assertTrue(messages.toString().contains("coaps needs credentials"), messages.toString());
    }

    @Test
    void providerSuppliesAddressForPathOnlyUris() {
        RmpCoapProvider provider = new RmpCoapProvider();
        provider.setScheme("coap");
        provider.setHost("10.1.2.3");
        provider.setPort(6000);
        context.getRegistry().bind("device1", provider);

        RmpCoapEndpoint endpoint = context.getEndpoint("rmpcoap:/valve?provider=#device1", RmpCoapEndpoint.class);
        assertEquals("coap://10.1.2.3:6000/valve", endpoint.getAddress().toString());
    }

    @Test
    void secretsAreMaskedInEndpointUriAndProvider() {
        String secret = "s3cr3t-psk-value";
        RmpCoapEndpoint endpoint = context.getEndpoint(
                "rmpcoap:coaps://127.0.0.1:1234/x?pskIdentity=dev&pskKey=" + secret + "&pskPassword=" + secret,
                RmpCoapEndpoint.class);
        assertFalse(endpoint.toString().contains(secret), endpoint.toString());
        RmpCoapProvider provider = new RmpCoapProvider();
        provider.setPskKey(secret);
        assertFalse(provider.toString().contains(secret), provider.toString());
    }
}
