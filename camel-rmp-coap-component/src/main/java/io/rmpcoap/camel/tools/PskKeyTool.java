package io.rmpcoap.camel.tools;

import java.io.InputStream;
import java.io.PrintStream;

/**
 * Prints the PSK key for a password: {@code java -jar camel-rmp-coap-<version>-psk-key.jar <password>|-}.
 */
public final class PskKeyTool {

    static final String USAGE = """
            Usage: java -jar camel-rmp-coap-psk-key.jar <password>|-

            Prints the DTLS pre-shared key for a platform password: the 64-character lowercase hex of
            SHA-256(password). Give the same text to the device (libcoap: coap-client -k <key>) and to
            rmpcoap (pskKey=<key>, or pskPassword=<password>). With '-' the password is read from the
            first line of standard input, which keeps it out of the shell history.

            Exit codes: 0 success, 2 usage error.""";

    private static final PasswordCommand COMMAND = new PasswordCommand(USAGE, "exactly one argument, the password", 1,
            (args, password) -> PskKeys.hexKey(password));

    private PskKeyTool() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    static int run(String[] args, InputStream in, PrintStream out, PrintStream err) {
        return COMMAND.run(args, in, out, err);
    }
}
