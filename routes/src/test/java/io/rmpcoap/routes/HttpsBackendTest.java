package io.rmpcoap.routes;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.rmpcoap.camel.test.TestDevice;
import io.rmpcoap.camel.test.TestPki;
import io.rmpcoap.camel.tools.PskKeys;
import org.apache.camel.main.Main;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.Request;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static io.rmpcoap.camel.test.TestRoutes.port;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway calling an HTTPS API whose certificate comes from a private CA, configured as integrators do with Camel
 * Main: an {@code SSLContextParameters} bean trusting the CA ({@code camel.beans.*}) set as vertx-http's component
 * option {@code camel.component.vertx-http.sslContextParameters}, which the gateway's HTTP leg uses for https targets.
 */
class HttpsBackendTest {

    @TempDir
    Path dir;

    private TestPki pki;
    private HttpsServer api;
    private ExecutorService apiThreads;
    private final BlockingQueue<String> authorizations = new LinkedBlockingQueue<>();

    @BeforeEach
    void startApi() throws Exception {
        pki = TestPki.create(dir.resolve("pki"));
        KeyStore keys = KeyStore.getInstance(TestPki.STORE_TYPE);
        try (InputStream in = Files.newInputStream(pki.server().keyStore())) {
            keys.load(in, TestPki.PASSWORD.toCharArray());
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, TestPki.PASSWORD.toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keyManagers.getKeyManagers(), null, null);
        api = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        api.setHttpsConfigurator(new HttpsConfigurator(tls));
        api.createContext("/api/", exchange -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            authorizations.add(authorization == null ? "none" : authorization);
            byte[] answer = "{\"secure\":true}".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, answer.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer);
            }
        });
        apiThreads = Executors.newFixedThreadPool(2);
        api.setExecutor(apiThreads);
        api.start();
    }

    @AfterEach
    void stopApi() {
        api.stop(0);
        apiThreads.shutdownNow();
    }

    private String apiBase() {
        return "https://127.0.0.1:" + api.getAddress().getPort();
    }

    private Main gateway(boolean trustTheApisCa) {
        Properties properties = new Properties();
        properties.setProperty("camel.main.routes-include-pattern", "classpath:io/rmpcoap/routes/rmp-gateway.yaml");
        properties.setProperty("rmp.gateway.listen", "coaps://127.0.0.1:0");
        properties.setProperty("rmp.gateway.pskIdentity", "hello");
        properties.setProperty("rmp.gateway.pskKey", PskKeys.hexKey("world"));
        properties.setProperty("rmp.gateway.allowedTargets", apiBase() + "/api/");
        if (trustTheApisCa) {
            // the gateway's HTTP leg takes the trust from vertx-http's component option sslContextParameters
            // (Camel's global SSL settings apply only with camel.component.vertx-http.useGlobalSslContextParameters)
            properties.setProperty("camel.beans.rmpApiTls", "#class:org.apache.camel.support.jsse.SSLContextParameters");
            properties.setProperty("camel.beans.rmpApiTls.trustManagers",
                    "#class:org.apache.camel.support.jsse.TrustManagersParameters");
            properties.setProperty("camel.beans.rmpApiTls.trustManagers.keyStore",
                    "#class:org.apache.camel.support.jsse.KeyStoreParameters");
            properties.setProperty("camel.beans.rmpApiTls.trustManagers.keyStore.resource", pki.ca().trustStoreUri());
            properties.setProperty("camel.beans.rmpApiTls.trustManagers.keyStore.password", TestPki.PASSWORD);
            properties.setProperty("camel.beans.rmpApiTls.trustManagers.keyStore.type", TestPki.STORE_TYPE);
            properties.setProperty("camel.component.vertx-http.sslContextParameters", "#rmpApiTls");
        }
        Main main = new Main();
        main.setOverrideProperties(properties);
        return main;
    }

    private CoapResponse call(Main main) throws Exception {
        try (TestDevice device = TestDevice.psk("hello", PskKeys.hexKey("world"))) {
            Request request = new Request(CoAP.Code.GET);
            request.getOptions().setProxyUri(apiBase() + "/api/reading?key=" + GatewayContract.TOKEN);
            return device.send(request, port(main.getCamelContext(), GatewayRouteBuilder.ROUTE_ID));
        }
    }

    @Test
    void apiOverHttpsWithAPrivateCaIsCalledWhenTheHttpLegTrustsTheCa() throws Exception {
        Main main = gateway(true);
        main.start();
        try {
            CoapResponse response = call(main);
            assertNotNull(response, "the gateway did not answer");
            assertEquals(CoAP.ResponseCode.CONTENT, response.getCode());
            assertEquals("{\"secure\":true}", response.getResponseText());
            assertEquals("Basic " + GatewayContract.TOKEN, authorizations.poll(), "the token travels inside TLS");
        } finally {
            main.stop();
        }
    }

    @Test
    void apiOverHttpsWithAnUntrustedCertificateIsNeverCalled() throws Exception {
        Main main = gateway(false);
        main.start();
        try {
            CoapResponse response = call(main);
            assertNotNull(response, "the gateway did not answer");
            assertTrue(response.getCode().codeClass == 5, "an API the gateway cannot trust is a server error: "
                                                          + response.getCode());
            assertNull(authorizations.poll(), "no request may reach an API whose certificate is not trusted");
        } finally {
            main.stop();
        }
    }
}
