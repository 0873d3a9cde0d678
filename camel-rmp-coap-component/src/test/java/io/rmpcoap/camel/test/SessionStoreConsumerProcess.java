package io.rmpcoap.camel.test;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * A coaps consumer in a JVM of its own, for tests of a session store that moves to another process: args[0] is the
 * consumer URI without its password, which comes from the environment ({@value #PASSWORD_VARIABLE}) so that it is not
 * visible on a command line. Prints READY once listening, and stops (saving its sessions) when its standard input
 * closes.
 */
public final class SessionStoreConsumerProcess {

    public static final String PASSWORD_VARIABLE = "RMPCOAP_TEST_STORE_PASSWORD";

    private SessionStoreConsumerProcess() {
    }

    public static void main(String[] args) throws Exception {
        String uri = args[0] + "&sessionStorePassword=RAW(" + System.getenv(PASSWORD_VARIABLE) + ")";
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(uri).routeId("child").setBody(simple("child ${bodyAs(String)}"));
                }
            });
            ChildProcess.runUntilStandardInputCloses(context);
        }
    }
}
