package io.rmpcoap.camel.tools;

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

    private static final PasswordCommand COMMAND = new PasswordCommand(USAGE, "two arguments, the user and the password", 2,
            (args, password) -> AuthTokens.encode(args[0], password));

    private AuthTokenTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return COMMAND.run(args, in, out, err);
    }
}
