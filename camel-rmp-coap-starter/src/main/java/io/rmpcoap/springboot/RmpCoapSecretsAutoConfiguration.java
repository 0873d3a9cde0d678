package io.rmpcoap.springboot;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;

/**
 * Masks rmpcoap's secrets in Actuator's {@code /actuator/configprops} and {@code /actuator/env} even where an
 * application shows values ({@code management.endpoint.*.show-values=always}): the component's secret options (by
 * their Camel name, in any relaxed spelling) and {@code rmp.gateway.*} properties named like credentials.
 */
@AutoConfiguration
@ConditionalOnClass(SanitizingFunction.class)
public class RmpCoapSecretsAutoConfiguration {

    private static final Set<String> SECRET_NAMES = RmpCoapComponentConfiguration.SECRET_OPTIONS.stream()
            .map(RmpCoapSecretsAutoConfiguration::normalized).collect(Collectors.toUnmodifiableSet());

    @Bean
    public SanitizingFunction rmpCoapSecretsSanitizer() {
        return data -> isSecret(data.getKey()) ? data.withValue(SanitizableData.SANITIZED_VALUE) : data;
    }

    /** Whether a property key (full, e.g. camel.component.rmpcoap.psk-key, or a configprops field name) is secret. */
    static boolean isSecret(String key) {
        if (key == null) {
            return false;
        }
        String normalized = normalized(key);
        String last = normalized.substring(normalized.lastIndexOf('.') + 1);
        if (normalized.startsWith("rmp.gateway.")) {
            // the gateway's inline security options may hold a key or password
            return last.matches(".*(password|key|secret|token|security).*");
        }
        return SECRET_NAMES.contains(last);
    }

    private static String normalized(String key) {
        return key.replace("-", "").replace("_", "").toLowerCase(Locale.ROOT);
    }
}
