package io.rmpcoap.routes;

import java.time.Duration;

import org.apache.camel.CamelContext;
import org.apache.camel.ExtendedCamelContext;
import org.apache.camel.impl.engine.PooledExchangeFactory;
import org.apache.camel.impl.engine.PooledProcessorExchangeFactory;
import org.apache.camel.spi.PooledObjectFactory;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The gateway contract against the YAML route in a context that reuses exchanges, as the shipped deployments run it
 * ({@code camel.main.exchangeFactory = pooled}): every contract test passes with pooled exchanges, and an exchange
 * serving its next request carries nothing of the one before.
 */
class PooledExchangesGatewayRouteTest extends YamlGatewayRouteTest {

    @Override
    void configureContext(CamelContext context) {
        // what Camel Main does for camel.main.exchangeFactory = pooled, with the pool's statistics on
        ExtendedCamelContext extension = context.getCamelContextExtension();
        PooledExchangeFactory exchanges = new PooledExchangeFactory();
        exchanges.setStatisticsEnabled(true);
        extension.setExchangeFactory(exchanges);
        extension.setProcessorExchangeFactory(new PooledProcessorExchangeFactory());
    }

    @Test
    void aReusedExchangeCarriesNothingOfTheRequestBefore() throws Exception {
        PooledObjectFactory.Statistics pool = context.getCamelContextExtension().getExchangeFactoryManager().getStatistics();
        assertEquals(ResponseCode.CHANGED, send(CoAP.Code.POST, api.base() + "/api/first?key=" + TOKEN, "{\"t\":1}").getCode());
        api.next();
        // the exchange goes back to the pool once the device has its answer
        await().atMost(Duration.ofSeconds(5))
                .until(() -> pool.getReleasedCounter() >= pool.getCreatedCounter() + pool.getAcquiredCounter());
        long reused = pool.getAcquiredCounter();

        CoapResponse second = send(CoAP.Code.GET, api.base() + "/api/second", null);

        assertEquals(ResponseCode.UNAUTHORIZED, second.getCode(), "no token: the previous request's must not stand in");
        assertNull(api.requests.poll(), "the API must not be called");
        assertTrue(pool.getAcquiredCounter() > reused, "the second request did not reuse an exchange");
        assertEquals(ResponseCode.CONTENT, send(CoAP.Code.GET, api.base() + "/api/third?key=" + TOKEN, null).getCode());
        RecordingHttpServer.Seen third = api.next();
        assertEquals("GET", third.method());
        assertNull(third.contentType(), "the Content-Type of an earlier request");
        assertEquals(0, third.body().length, "the body of an earlier request");
    }
}
