package io.rmpcoap.camel.tools;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * Prints the AuthToken a device appends to a Composite API URL:
 * {@code java -jar camel-rmp-coap-<version>-auth-token.jar <user> <password>|-}.
 */
public final class AuthTokenTool {

    static final String USAGE = """
            Usage: java -jar camel-rmp-coap-auth-token.jar <user> <password>|-

            Prints the AuthToken Base64(user:password) for the CoAP-to-HTTP gateway: the device sends
            Proxy-Uri https://<composite-api-url>?key=<token>. With '-' the password is read from the
            first line of standard input, which keeps it out of the shell history.

            Exit codes: 0 success, 2 usage error.""";

    private AuthTokenTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        if (SecretArgument.isHelp(args)) {
            out.println(USAGE);
            return 0;
        }
        if (args.length != 2) {
            err.println("Expected two arguments, the user and the password (or '-' to read it from standard input).");
            err.println(USAGE);
            return 2;
        }
        try {
            String password = SecretArgument.read(args[1], in);
            if (password.isEmpty()) {
                err.println("The password must not be empty.");
                return 2;
            }
            out.println(AuthTokens.encode(args[0], password));
            return 0;
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage() + ".");
            return 2;
        } catch (IOException e) {
            err.println("Cannot read the password from standard input: " + e.getMessage());
            return 2;
        }
    }
}
