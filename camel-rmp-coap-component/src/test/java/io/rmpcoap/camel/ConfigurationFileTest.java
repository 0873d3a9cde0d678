package io.rmpcoap.camel;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.rmpcoap.camel.test.TestRoutes;
import org.apache.camel.CamelContext;
import org.apache.camel.ResolveEndpointFailedException;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.interceptors.MessageInterceptorAdapter;
import org.eclipse.californium.elements.AddressEndpointContext;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The component's configurationFile: a Californium properties file whose entries the endpoints really use (seen from
 * outside, in the block size a device receives), and a missing file or a conflicting coapConfiguration refused when an
 * endpoint is created.
 */
class ConfigurationFileTest {

    private static final byte[] BODY = TestRoutes.pattern(300);

    @TempDir
    Path dir;

    private CamelContext context;
    private CoapEndpoint device;

    @AfterEach
    void stop() {
        if (device != null) {
            device.destroy();
        }
        if (context != null) {
            context.stop();
        }
    }

    private CamelContext context(RmpCoapComponent component) {
        context = new DefaultCamelContext();
        context.addComponent("rmpcoap", component);
        return context;
    }

    /** Serves BODY at /big and returns the sizes of the Block2 blocks a plain Californium device received. */
    private List<Integer> blockSizesOfTheAnswer(RmpCoapComponent component) throws Exception {
        context(component).addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("rmpcoap:coap://127.0.0.1:0/big").routeId("big").setBody(constant(BODY));
            }
        });
        context.start();
        List<Integer> blocks = new CopyOnWriteArrayList<>();
        device = CoapEndpoint.builder().setConfiguration(Configuration.createStandardWithoutFile())
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        device.addInterceptor(new MessageInterceptorAdapter() {
            @Override
            public void receiveResponse(Response response) {
                blocks.add(response.getOptions().hasBlock2() ? response.getOptions().getBlock2().getSize() : 0);
            }
        });
        device.start();
        Request get = new Request(Code.GET);
        get.getOptions().setUriPath("big");
        get.setDestinationContext(new AddressEndpointContext(InetAddress.getLoopbackAddress(),
                TestRoutes.port(context, "big")));
        device.sendRequest(get);
        Response response = get.waitForResponse(5000);
        assertNotNull(response, "no answer");
        assertArrayEquals(BODY, response.getPayload());
        return blocks;
    }

    @Test
    void settingsOfTheFileAreWhatTheServerUses() throws Exception {
        Path file = dir.resolve("Californium3.properties");
        Files.writeString(file, "# smaller messages for a constrained network\nCOAP.MAX_MESSAGE_SIZE=64\n"
                                + "COAP.PREFERRED_BLOCK_SIZE=64\n");
        RmpCoapComponent component = new RmpCoapComponent();
        component.setConfigurationFile("file:" + file);

        List<Integer> blocks = blockSizesOfTheAnswer(component);

        assertEquals(List.of(64, 64, 64, 64, 64), blocks, "300 bytes in blocks of the file's 64 bytes");
    }

    @Test
    void withoutTheFileTheSameAnswerTravelsInOneMessage() throws Exception {
        assertEquals(List.of(0), blockSizesOfTheAnswer(new RmpCoapComponent()));
    }

    @Test
    void missingFileIsRefusedAtEndpointCreationNamingTheOption() {
        RmpCoapComponent component = new RmpCoapComponent();
        component.setConfigurationFile("file:" + dir.resolve("missing.properties"));
        context(component).start();

        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coap://127.0.0.1:0/x"));
        assertTrue(e.getMessage().contains("configurationFile"), e.getMessage());
        assertTrue(e.getMessage().contains("missing.properties"), e.getMessage());
    }

    @Test
    void fileAndBeanTogetherAreRefused() throws Exception {
        Path file = dir.resolve("Californium3.properties");
        Files.writeString(file, "COAP.MAX_MESSAGE_SIZE=64\n");
        RmpCoapComponent component = new RmpCoapComponent();
        component.setConfigurationFile("file:" + file);
        component.setCoapConfiguration(RmpCoapComponent.defaultCoapConfiguration());
        context(component).start();

        ResolveEndpointFailedException e = assertThrows(ResolveEndpointFailedException.class,
                () -> context.getEndpoint("rmpcoap:coap://127.0.0.1:0/x"));
        assertTrue(e.getMessage().contains("configurationFile and coapConfiguration"), e.getMessage());
    }
}
