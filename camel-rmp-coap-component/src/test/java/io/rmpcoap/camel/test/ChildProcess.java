package io.rmpcoap.camel.test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

import org.apache.camel.CamelContext;

/**
 * The life of a CamelContext in a child JVM that a test starts (e.g. a second gateway on the same session store):
 * prints READY once started, and stops the context (so its consumers save their sessions) when the test closes the
 * child's standard input, then prints STOPPED.
 */
public final class ChildProcess {

    private ChildProcess() {
    }

    public static void runUntilStandardInputCloses(CamelContext context) throws Exception {
        context.start();
        System.out.println("READY");
        System.out.flush();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
            while (in.readLine() != null) {
                // runs until the test closes our standard input
            }
        }
        context.stop();
        System.out.println("STOPPED");
    }
}
