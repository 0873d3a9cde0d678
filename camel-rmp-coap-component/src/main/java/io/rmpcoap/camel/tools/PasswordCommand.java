package io.rmpcoap.camel.tools;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * The command line both tools share: {@code --help}, a fixed number of arguments of which the last is a password, or
 * {@code -} to read it from standard input (out of the shell history), one line of output, exit codes 0 and 2.
 */
final class PasswordCommand {

    /** What a tool prints for its arguments and password; an IllegalArgumentException is a usage error. */
    interface Action {
        String apply(String[] args, String password);
    }

    private final String usage;
    private final String expected;
    private final int arity;
    private final Action action;

    PasswordCommand(String usage, String expected, int arity, Action action) {
        this.usage = usage;
        this.expected = expected;
        this.arity = arity;
        this.action = action;
    }

    int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (args.length == 1 && ("--help".equals(args[0]) || "-h".equals(args[0]))) {
            out.println(usage);
            return 0;
        }
        if (args.length != arity) {
            err.println("Expected " + expected + " (or '-' for the password, to read it from standard input).");
            err.println(usage);
            return 2;
        }
        try {
            String password = read(args[arity - 1], in);
            if (password.isEmpty()) {
                err.println("The password must not be empty.");
                return 2;
            }
            out.println(action.apply(args, password));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + ".");
            return 2;
        } catch (IOException e) {
            err.println("Cannot read the password from standard input: " + e.getMessage());
            return 2;
        }
    }

    private static String read(String argument, InputStream in) throws IOException {
        if (!"-".equals(argument)) {
            return argument;
        }
        String line = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).readLine();
        return line == null ? "" : line;
    }
}
