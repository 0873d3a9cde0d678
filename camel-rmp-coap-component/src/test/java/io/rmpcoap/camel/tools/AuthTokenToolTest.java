package io.rmpcoap.camel.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar camel-rmp-coap-auth-token.jar <user> <password>|-}, through its {@code run} method.
 */
class AuthTokenToolTest {

    private static ToolRun run(String stdin, String... args) {
        return ToolRun.of(AuthTokenTool::run, stdin, args);
    }

    @Test
    void printsTheTokenOfUserAndPassword() {
        ToolRun run = run("", "hello", "world");
        assertEquals(0, run.exitCode());
        assertEquals("aGVsbG86d29ybGQ=" + System.lineSeparator(), run.out());
        assertEquals("", run.err());
    }

    @Test
    void printsStandardBase64ThatDecodesBack() throws Exception {
        ToolRun run = run("", "hello", "pa>ss?w~rd");
        assertEquals(AuthTokensTest.PLUS_SLASH_TOKEN, run.out().strip());
        assertEquals("pa>ss?w~rd", AuthTokens.decode(run.out().strip()).password());
    }

    @ParameterizedTest(name = "stdin \"{0}\"")
    @ValueSource(strings = { "world", "world\n", "world\r\n", "world\nignored\n" })
    void dashReadsThePasswordFromTheFirstLineOfStandardInput(String stdin) {
        ToolRun run = run(stdin, "hello", "-");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals("aGVsbG86d29ybGQ=", run.out().strip());
    }

    @Test
    void passwordFromStandardInputKeepsColonsAndInnerSpaces() throws Exception {
        ToolRun run = run("a: b :c\n", "hello", "-");
        assertEquals(0, run.exitCode());
        assertEquals("a: b :c", AuthTokens.decode(run.out().strip()).password());
    }

    @Test
    void aDashUserIsAUserNotStandardInput() throws Exception {
        ToolRun run = run("ignored\n", "-", "world");
        assertEquals(0, run.exitCode());
        assertEquals("-", AuthTokens.decode(run.out().strip()).user());
    }

    @ParameterizedTest(name = "stdin \"{0}\"")
    @ValueSource(strings = { "", "\n" })
    void emptyPasswordFromStandardInputIsAUsageError(String stdin) {
        ToolRun run = run(stdin, "hello", "-");
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().contains("must not be empty"), run.err());
    }

    @ParameterizedTest(name = "user \"{0}\"")
    @ValueSource(strings = { "", "hel:lo" })
    void aUserBasicAuthenticationCannotCarryIsAUsageErrorThatHidesThePassword(String user) {
        ToolRun run = run("", user, "Sup3rS3cr3t");
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().contains("user name"), run.err());
        assertFalse(run.err().contains("Sup3rS3cr3t"), run.err());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "--help", "-h" })
    void helpPrintsUsageToStandardOutputAndSucceeds(String flag) {
        ToolRun run = run("", flag);
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("Usage: java -jar camel-rmp-coap-auth-token.jar"), run.out());
        assertTrue(run.out().contains("Base64(user:password)"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void noArgumentsIsAUsageError() {
        ToolRun run = run("");
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().contains("Expected two arguments"), run.err());
        assertTrue(run.err().contains("Usage:"), run.err());
    }

    @ParameterizedTest(name = "{0} arguments")
    @ValueSource(ints = { 1, 3, 4 })
    void anyOtherNumberOfArgumentsIsAUsageErrorThatDoesNotEchoThem(int count) {
        String[] args = new String[count];
        for (int i = 0; i < count; i++) {
            args[i] = "Sup3rS3cr3t" + i;
        }
        ToolRun run = run("", args);
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertFalse(run.err().contains("Sup3rS3cr3t"), run.err());
    }
}
