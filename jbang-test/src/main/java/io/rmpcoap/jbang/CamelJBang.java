package io.rmpcoap.jbang;

import org.apache.camel.dsl.jbang.core.commands.CamelJBangMain;

/**
 * The {@code camel} command: what Camel JBang's launcher script ({@code CamelJBang.java}, installed with
 * {@code jbang app install camel@apache/camel}) runs, on the same class path (camel-jbang-core and camel-kamelets).
 */
public final class CamelJBang {

    private CamelJBang() {
    }

    public static void main(String... args) {
        CamelJBangMain.run(args);
    }
}
