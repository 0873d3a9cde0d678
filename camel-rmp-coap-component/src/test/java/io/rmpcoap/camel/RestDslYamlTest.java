package io.rmpcoap.camel;

import java.time.Duration;
import java.util.Properties;

import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.LibCoap;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.CamelContext;
import org.apache.camel.Endpoint;
import org.apache.camel.component.mock.MockEndpoint;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The REST DSL in YAML ({@code rest-dsl.yaml}) over coaps with PSK, rmpcoap's security options given as
 * {@code componentProperty}, called by a Californium and a libcoap client.
 */
class RestDslYamlTest {

    private static final String PASSWORD = "yaml-rest-s3cret";

    private final int port = FreePorts.udp();
    private CamelContext context;

    @BeforeEach
    void start() throws Exception {
        context = new DefaultCamelContext();
        Properties properties = new Properties();
        properties.setProperty("rest.port", String.valueOf(port));
        properties.setProperty("rest.password", PASSWORD);
        context.getPropertiesComponent().setOverrideProperties(properties);
        PluginHelper.getRoutesLoader(context)
                .loadRoutes(ResourceHelper.resolveMandatoryResource(context, "classpath:io/rmpcoap/camel/rest-dsl.yaml"));
        context.start();
    }

    @AfterEach
    void stop() {
        context.stop();
    }

    @Test
    void californiumPskClientGetsThePathParameterAndItsIdentityBack() throws Exception {
        try (TestDevice device = TestDevice.psk("hello", PskKeys.hexKey(PASSWORD))) {
            Request request = new Request(CoAP.Code.GET);
            request.getOptions().setUriPath("rest/api/users/17");
            CoapResponse response = device.send(request, port, 5000);

            assertEquals(ResponseCode.CONTENT, response.getCode());
            assertEquals("{\"id\":\"17\",\"device\":\"hello\"}", response.getResponseText());
            assertEquals(MediaTypeRegistry.APPLICATION_JSON, response.getOptions().getContentFormat());

            Request delete = new Request(CoAP.Code.DELETE);
            delete.getOptions().setUriPath("rest/api/users/17");
            assertEquals(ResponseCode.METHOD_NOT_ALLOWED, device.send(delete, port, 5000).getCode());
        }
    }

    @Test
    void libCoapPskClientPutsThroughTheYamlRestRoute() throws Exception {
        LibCoap.assumeAvailable();
        MockEndpoint update = context.getEndpoint("mock:update", MockEndpoint.class);
        update.expectedBodiesReceived("{\"on\":true}");
        update.expectedHeaderReceived("id", "9");

        LibCoap.Result result = LibCoap.client(Duration.ofSeconds(20), "-m", "put", "-e", "{\"on\":true}", "-u", "hello",
                "-k", PskKeys.hexKey(PASSWORD), "coaps://127.0.0.1:" + port + "/rest/api/users/9");

        assertEquals(0, result.exitCode(), result.describe());
        update.assertIsSatisfied();
    }

    @Test
    void deviceWithAWrongKeyGetsNoAnswerAndThePasswordIsMaskedInEveryEndpoint() throws Exception {
        try (TestDevice device = TestDevice.psk("hello", PskKeys.hexKey("wrong"))) {
            Request request = new Request(CoAP.Code.GET);
            request.getOptions().setUriPath("rest/api/users/1");
            assertNull(device.send(request, port, 2000));
        }
        for (Endpoint endpoint : context.getEndpoints()) {
            assertFalse(endpoint.toString().contains(PASSWORD), endpoint.toString());
        }
    }
}
