package io.rmpcoap.springboot;

import io.rmpcoap.routes.GatewayRouteBuilder;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * The bundled CoAP-to-HTTP gateway route, switched on by {@code rmp.gateway.enabled=true}. The route reads the same
 * {@code rmp.gateway.*} properties as on Camel Main: camel-spring-boot resolves Camel's property placeholders from the
 * Spring environment, so application.properties, profiles, environment variables and config trees all work.
 */
@AutoConfiguration(before = CamelAutoConfiguration.class)
@ConditionalOnProperty(name = "rmp.gateway.enabled", havingValue = "true")
public class RmpGatewayAutoConfiguration {

    /** camel-spring-boot adds every RoutesBuilder bean to the CamelContext. */
    @Bean
    @ConditionalOnMissingBean(GatewayRouteBuilder.class)
    public GatewayRouteBuilder rmpGatewayRoute() {
        return new GatewayRouteBuilder();
    }
}
