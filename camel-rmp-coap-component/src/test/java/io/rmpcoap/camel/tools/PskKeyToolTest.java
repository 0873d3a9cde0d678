package io.rmpcoap.camel.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code java -jar camel-rmp-coap-psk-key.jar <password>|-}, through its {@code run} method.
 */
class PskKeyToolTest {

    private static final String WORLD_KEY = PskKeysTest.WORLD_KEY;

    private static ToolRun run(String stdin, String... args) {
        return ToolRun.of(PskKeyTool::run, stdin, args);
    }

    @Test
    void printsTheKeyOfThePasswordArgument() {
        ToolRun run = run("", "world");
        assertEquals(0, run.exitCode());
        assertEquals(WORLD_KEY, run.out().strip());
        assertEquals("", run.err());
    }

    @Test
    void printsExactlyOneLine() {
        assertEquals(WORLD_KEY + System.lineSeparator(), run("", "world").out());
    }

    @ParameterizedTest(name = "stdin \"{0}\"")
    @ValueSource(strings = { "world", "world\n", "world\r\n", "world\nsecond line\n" })
    void dashReadsThePasswordFromTheFirstLineOfStandardInput(String stdin) {
        ToolRun run = run(stdin, "-");
        assertEquals(0, run.exitCode(), run.err());
        assertEquals(WORLD_KEY, run.out().strip());
    }

    @Test
    void standardInputIsReadAsUtf8() {
        ToolRun run = run("\u00e4\n", "-");
        assertEquals(0, run.exitCode());
        assertEquals(PskKeys.hexKey("\u00e4"), run.out().strip());
    }

    @Test
    void standardInputIsNotReadWithoutDash() {
        assertEquals(WORLD_KEY, run("other\n", "world").out().strip());
    }

    @ParameterizedTest(name = "stdin \"{0}\"")
    @ValueSource(strings = { "", "\n", "\r\n" })
    void emptyPasswordFromStandardInputIsAUsageError(String stdin) {
        ToolRun run = run(stdin, "-");
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().contains("must not be empty"), run.err());
    }

    @Test
    void emptyPasswordArgumentIsAUsageError() {
        ToolRun run = run("", "");
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().contains("must not be empty"), run.err());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = { "--help", "-h" })
    void helpPrintsUsageToStandardOutputAndSucceeds(String flag) {
        ToolRun run = run("", flag);
        assertEquals(0, run.exitCode());
        assertTrue(run.out().startsWith("Usage: java -jar camel-rmp-coap-psk-key.jar"), run.out());
        assertTrue(run.out().contains("SHA-256"), run.out());
        assertEquals("", run.err());
    }

    @Test
    void noArgumentIsAUsageErrorOnStandardError() {
        ToolRun run = run("world\n");
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertTrue(run.err().contains("Expected exactly one argument"), run.err());
        assertTrue(run.err().contains("Usage:"), run.err());
    }

    @Test
    void twoArgumentsAreAUsageErrorThatDoesNotEchoThem() {
        ToolRun run = run("", "Sup3rS3cr3t", "more");
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
        assertFalse(run.err().contains("Sup3rS3cr3t"), run.err());
    }

    @Test
    void helpAmongOtherArgumentsIsAUsageError() {
        ToolRun run = run("", "--help", "world");
        assertEquals(2, run.exitCode());
        assertEquals("", run.out());
    }
}
