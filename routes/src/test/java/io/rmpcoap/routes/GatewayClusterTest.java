package io.rmpcoap.routes;

import java.io.IOException;
import java.util.Properties;

import io.rmpcoap.camel.test.Closer;
import io.rmpcoap.camel.test.FreePorts;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.test.UdpRelay;
import org.apache.camel.CamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.ResourceHelper;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Two gateway replicas configured only by rmp.gateway.cluster.* (one the Java route on 127.0.0.2, the other the YAML
 * route on 127.0.0.3) form a Connection-ID cluster: a device the balancer (a {@link UdpRelay}) moves from one replica
 * to the other keeps its session, and the Composite API gets each request once.
 */
class GatewayClusterTest {

    private static final String SECRET = "gateway-cluster-secret-0123456789";

    private final Closer closer = new Closer();
    private RecordingHttpServer api;

    @BeforeEach
    void startApi() throws IOException {
        api = closer.add(new RecordingHttpServer());
    }

    @AfterEach
    void closeEverything() throws Exception {
        closer.close();
    }

    private CamelContext replica(boolean yaml, int nodeId, String host, int port, String nodes) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("rmp.gateway.listen", "coaps://" + host + ":" + port);
        properties.setProperty("rmp.gateway.pskIdentity", "hello");
        properties.setProperty("rmp.gateway.pskKey", GatewayContract.hexKey("world"));
        properties.setProperty("rmp.gateway.allowedTargets", api.base() + "/api/");
        properties.setProperty("rmp.gateway.cluster.nodeId", String.valueOf(nodeId));
        properties.setProperty("rmp.gateway.cluster.nodes", nodes);
        properties.setProperty("rmp.gateway.cluster.secret", SECRET);
        CamelContext context = closer.add(new DefaultCamelContext());
        context.getPropertiesComponent().setOverrideProperties(properties);
        if (yaml) {
            PluginHelper.getRoutesLoader(context).loadRoutes(
                    ResourceHelper.resolveMandatoryResource(context, "classpath:io/rmpcoap/routes/rmp-gateway.yaml"));
        } else {
            context.addRoutes(new GatewayRouteBuilder());
        }
        context.start();
        return context;
    }

    private void answeredOnce(TestDevice device, UdpRelay balancer, String text) throws Exception {
        Request request = Request.newPost();
        request.getOptions().setProxyUri(api.base() + "/api/" + text + "?key=" + GatewayContract.TOKEN);
        request.setPayload(text);
        CoapResponse response = device.send(request, balancer.port(), 10_000);
        assertNotNull(response, "no answer to " + text);
        assertEquals(ResponseCode.CHANGED, response.getCode());
        assertEquals("/api/" + text, api.next().path());
        assertNull(api.requests.poll(), "the API got " + text + " more than once");
    }

    @Test
    void javaAndYamlReplicasWithClusterPropertiesKeepAMovedDevicesSessionAndTheApiGetsEachRequestOnce()
            throws Exception {
        int port1 = FreePorts.udp();
        int port2 = FreePorts.udp();
        String nodes = "1=127.0.0.2:" + FreePorts.udp() + ",2=127.0.0.3:" + FreePorts.udp();
        replica(false, 1, "127.0.0.2", port1, nodes);
        replica(true, 2, "127.0.0.3", port2, nodes);
        UdpRelay balancer = closer.add(new UdpRelay(new java.net.InetSocketAddress("127.0.0.2", port1)));
        TestDevice device = closer.add(TestDevice.psk("hello", GatewayContract.hexKey("world"), 0));
        answeredOnce(device, balancer, "first");
        int handshake = balancer.clientHellos();

        balancer.retarget(new java.net.InetSocketAddress("127.0.0.3", port2));

        // the first forwarded record may come before replica 2 has its management session with replica 1: the device
        // retransmits, and the API still gets the request once
        for (int i = 0; i < 3; i++) {
            answeredOnce(device, balancer, "moved" + i);
        }
        assertEquals(handshake, balancer.clientHellos(), "no new handshake after the move");
    }
}
