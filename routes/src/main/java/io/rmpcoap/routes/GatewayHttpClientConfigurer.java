package io.rmpcoap.routes;

import org.apache.camel.component.http.HttpClientConfigurer;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * The gateway's HTTP client does what a forwarder should and nothing more, so each of these both removes a step from
 * every request and closes a door:
 * <ul>
 * <li>no automatic retries: HttpClient's default strategy repeats any request, a POST too, after 1 s when the API
 * answers 429 or 503, so the API would apply it twice; the device retransmits its Confirmable request itself and
 * decides whether to try again;</li>
 * <li>no cookies: camel-http keeps one cookie store per endpoint, so a cookie one API answer set would ride on every
 * later request, whichever device sent it;</li>
 * <li>no authentication cache and no connection state: every request carries the Authorization its device's
 * AuthToken gives, and a pooled connection belongs to no device;</li>
 * <li>no content compression: the gateway relays bodies as the API sends them, without asking for gzip or inflating
 * it.</li>
 * </ul>
 * Set per endpoint ({@code httpClientConfigurer=#class:...}), so other http endpoints of the application keep
 * camel-http's defaults.
 */
public class GatewayHttpClientConfigurer implements HttpClientConfigurer {

    @Override
    public void configureHttpClient(HttpClientBuilder clientBuilder) {
        clientBuilder.disableAutomaticRetries()
                .disableCookieManagement()
                .disableAuthCaching()
                .disableConnectionState()
                .disableContentCompression();
    }
}
