package io.rmpcoap.springboot;

import io.rmpcoap.camel.RmpCoapComponent;
import org.apache.camel.Component;
import org.apache.camel.spi.ComponentCustomizer;
import org.apache.camel.spring.boot.CamelAutoConfiguration;
import org.apache.camel.spring.boot.ComponentConfigurationProperties;
import org.apache.camel.spring.boot.util.CamelPropertiesHelper;
import org.apache.camel.spring.boot.util.ConditionalOnCamelContextAndAutoConfigurationBeans;
import org.apache.camel.spring.boot.util.ConditionalOnHierarchicalProperties;
import org.apache.camel.spring.boot.util.HierarchicalPropertiesEvaluator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Lazy;

/**
 * Configures every {@code rmpcoap} component Camel creates from the {@code camel.component.rmpcoap.*} properties, the
 * way camel-spring-boot's generated starters configure Camel's own components (same conditions, same switches:
 * {@code camel.component.rmpcoap.enabled}, {@code camel.component.rmpcoap.customizer.enabled}).
 */
@AutoConfiguration(after = CamelAutoConfiguration.class)
@Conditional(ConditionalOnCamelContextAndAutoConfigurationBeans.class)
@EnableConfigurationProperties({ ComponentConfigurationProperties.class, RmpCoapComponentConfiguration.class })
@ConditionalOnHierarchicalProperties({ "camel.component", "camel.component.rmpcoap" })
public class RmpCoapComponentAutoConfiguration {

    private final ApplicationContext applicationContext;
    private final RmpCoapComponentConfiguration configuration;

    public RmpCoapComponentAutoConfiguration(ApplicationContext applicationContext,
                                             RmpCoapComponentConfiguration configuration) {
        this.applicationContext = applicationContext;
        this.configuration = configuration;
    }

    @Lazy
    @Bean
    public ComponentCustomizer configureRmpCoapComponent() {
        return new ComponentCustomizer() {
            @Override
            public void configure(String name, Component target) {
                CamelPropertiesHelper.copyProperties(target.getCamelContext(), configuration, target);
            }

            @Override
            public boolean isEnabled(String name, Component target) {
                return HierarchicalPropertiesEvaluator.evaluate(applicationContext,
                        "camel.component.customizer", "camel.component.rmpcoap.customizer")
                       && target instanceof RmpCoapComponent;
            }
        };
    }
}
