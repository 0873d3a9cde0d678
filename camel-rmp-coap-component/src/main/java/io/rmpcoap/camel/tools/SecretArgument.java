package io.rmpcoap.camel.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** A password given on the command line, or as {@code -} to read it from standard input (out of shell history). */
final class SecretArgument {

    private SecretArgument() {
    }

    static String read(String argument, InputStream in) throws IOException {
        if (!"-".equals(argument)) {
            return argument;
        }
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        return line == null ? "" : line;
    }

    static boolean isHelp(String[] args) {
        return args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]));
    }
}
