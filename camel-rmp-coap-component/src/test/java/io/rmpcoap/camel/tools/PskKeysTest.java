package io.rmpcoap.camel.tools;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The PSK key of a password: the lowercase hex of SHA-256(password), used as the ASCII bytes of that text.
 */
class PskKeysTest {

    static final String WORLD_KEY = "486ea46224d1bb4fb680f34f7c9ad96a8f24ec88be73ea8e5a6c65260e9cb8a7";

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource({
            "world,    486ea46224d1bb4fb680f34f7c9ad96a8f24ec88be73ea8e5a6c65260e9cb8a7",
            "abc,      ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
            "password, 5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8" })
    void hexKeyIsTheLowercaseHexOfSha256(String password, String key) {
        assertEquals(key, PskKeys.hexKey(password));
    }

    @Test
    void hexKeyHashesTheUtf8BytesOfThePassword() {
        // SHA-256 of the UTF-8 bytes c3 a4 of "\u00e4", not of its ISO-8859-1 byte e4
        assertEquals("33e6d73fee82904c8d7afb78de1154d1e8dc2a0edb08120e63df5b9385c2d9cc", PskKeys.hexKey("\u00e4"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "world", "x", "a much longer pass phrase with spaces and \u00fcml\u00e4uts", "0" })
    void hexKeyIsAlways64LowercaseHexCharacters(String password) {
        String key = PskKeys.hexKey(password);
        assertEquals(64, key.length());
        assertTrue(key.matches("[0-9a-f]{64}"), key);
    }

    @Test
    void passwordsDifferingOnlyInCaseOrWhitespaceGiveDifferentKeys() {
        assertNotEquals(PskKeys.hexKey("world"), PskKeys.hexKey("World"));
        assertNotEquals(PskKeys.hexKey("world"), PskKeys.hexKey("world "));
    }

    @Test
    void keyBytesAreTheAsciiBytesOfTheHexTextNotTheRawDigest() {
        byte[] bytes = PskKeys.keyBytes("world");
        assertEquals(64, bytes.length);
        assertArrayEquals(WORLD_KEY.getBytes(StandardCharsets.US_ASCII), bytes);
    }

    @Test
    void keyBytesOfAGivenKeyAreItsAsciiBytes() {
        assertArrayEquals(WORLD_KEY.getBytes(StandardCharsets.US_ASCII), PskKeys.keyBytesOf(WORLD_KEY));
        assertArrayEquals("s3cr3t!~".getBytes(StandardCharsets.US_ASCII), PskKeys.keyBytesOf("s3cr3t!~"));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    void hexKeyRejectsAMissingPassword(String password) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PskKeys.hexKey(password));
        assertTrue(e.getMessage().contains("password"), e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    void keyBytesOfRejectsAMissingKey(String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PskKeys.keyBytesOf(key));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "with space", " leading", "trailing ", "tab\there", "new\nline", "\u00e4rger", "nul\u0000",
                             "del\u007f", "euro\u20ac" })
    void keyBytesOfRejectsKeysThatAreNotPrintableAsciiWithoutSpaces(String key) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PskKeys.keyBytesOf(key));
        assertTrue(e.getMessage().contains("printable ASCII"), e.getMessage());
        assertFalse(e.getMessage().contains(key), "the message must not show the key");
    }
}
