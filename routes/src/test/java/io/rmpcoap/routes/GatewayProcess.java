package io.rmpcoap.routes;

import java.util.Properties;

import io.rmpcoap.camel.test.ChildProcess;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * The Java gateway route in a JVM of its own, for tests of a session store that moves to another process: the
 * arguments are {@code rmp.gateway.*} properties as {@code key=value}; the store password comes from the environment
 * ({@value #PASSWORD_VARIABLE}), never from the command line. Prints READY once listening and stops (saving the
 * sessions) when its standard input closes.
 */
public final class GatewayProcess {

    static final String PASSWORD_VARIABLE = "RMP_GATEWAY_SESSION_STORE_PASSWORD";

    private GatewayProcess() {
    }

    public static void main(String[] args) throws Exception {
        Properties properties = new Properties();
        for (String arg : args) {
            int equals = arg.indexOf('=');
            properties.setProperty(arg.substring(0, equals), arg.substring(equals + 1));
        }
        properties.setProperty("rmp.gateway.sessionStorePassword", System.getenv(PASSWORD_VARIABLE));
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.getPropertiesComponent().setOverrideProperties(properties);
            context.addRoutes(new GatewayRouteBuilder());
            ChildProcess.runUntilStandardInputCloses(context);
        }
    }
}
