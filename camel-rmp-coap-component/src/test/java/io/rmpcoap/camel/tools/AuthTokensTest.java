package io.rmpcoap.camel.tools;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.rmpcoap.camel.tools.AuthTokens.Credentials;
import io.rmpcoap.camel.tools.AuthTokens.InvalidTokenException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The AuthToken Base64(user:password) and its Basic authentication.
 */
class AuthTokensTest {

    /** hello:pa>ss?w~rd, whose standard Base64 has both '+' and '/'. */
    static final String PLUS_SLASH_TOKEN = "aGVsbG86cGE+c3M/d35yZA==";

    @Test
    void encodeIsBase64OfUserColonPassword() {
        assertEquals("aGVsbG86d29ybGQ=", AuthTokens.encode("hello", "world"));
    }

    @Test
    void encodeUsesStandardBase64WithPlusAndSlash() {
        assertEquals(PLUS_SLASH_TOKEN, AuthTokens.encode("hello", "pa>ss?w~rd"));
    }

    @Test
    void encodeUsesUtf8() {
        String token = AuthTokens.encode("j\u00fcrgen", "gr\u00fc\u00df");
        assertEquals("j\u00fcrgen:gr\u00fc\u00df", new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8));
    }

    @Test
    void encodeAllowsAnEmptyPasswordAndColonsInThePassword() {
        assertEquals("aGVsbG86", AuthTokens.encode("hello", ""));
        assertEquals("hello:a:b:c", new String(Base64.getDecoder().decode(AuthTokens.encode("hello", "a:b:c")),
                StandardCharsets.UTF_8));
    }

    @ParameterizedTest(name = "user \"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = { "a:b", ":", "hello:" })
    void encodeRejectsAUserThatBasicAuthenticationCannotCarry(String user) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthTokens.encode(user, "secret"));
        assertTrue(e.getMessage().contains("user name"), e.getMessage());
        assertFalse(e.getMessage().contains("secret"));
    }

    @Test
    void encodeRejectsANullPassword() {
        assertThrows(IllegalArgumentException.class, () -> AuthTokens.encode("hello", null));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @CsvSource(delimiter = '|', value = {
            "aGVsbG86d29ybGQ=             | hello | world",
            "aGVsbG86d29ybGQ              | hello | world",
            "' aGVsbG86d29ybGQ= '         | hello | world",
            "aGVsbG86cGE+c3M/d35yZA==     | hello | pa>ss?w~rd",
            "aGVsbG86cGE-c3M_d35yZA==     | hello | pa>ss?w~rd",
            "aGVsbG86cGE-c3M_d35yZA       | hello | pa>ss?w~rd",
            "aGVsbG86                     | hello | ''",
            "aGVsbG86YTpiOmM=             | hello | a:b:c" })
    void decodeAcceptsStandardAndUrlSafeBase64WithOrWithoutPadding(String token, String user, String password)
            throws Exception {
        Credentials credentials = AuthTokens.decode(token);
        assertEquals(user, credentials.user());
        assertEquals(password, credentials.password());
    }

    @ParameterizedTest(name = "{0}:{1}")
    @CsvSource({ "hello, world", "device-42, p@ss:w0rd!", "j\u00fcrgen, \u00e4\u00f6\u00fc\u00df", "u, ''" })
    void decodeReadsBackWhatEncodeWrote(String user, String password) throws Exception {
        assertEquals(new Credentials(user, password), AuthTokens.decode(AuthTokens.encode(user, password)));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @NullAndEmptySource
    @ValueSource(strings = { " ", "\t" })
    void decodeRejectsAMissingToken(String token) {
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> AuthTokens.decode(token));
        assertEquals("The AuthToken is missing", e.getMessage());
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "***", "not base64!", "aGVs bG86d29ybGQ=", "aGVsbG86d29ybGQ=x", "abcde", "aGVsbG86cGE+c3M_d35yZA==",
                             "s3cr3t%token" })
    void decodeRejectsATokenThatIsNotBase64WithoutShowingIt(String token) {
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> AuthTokens.decode(token));
        assertEquals("The AuthToken is not Base64", e.getMessage());
        assertFalse(e.getMessage().contains(token.trim()));
    }

    @ParameterizedTest(name = "\"{0}\"")
    @ValueSource(strings = { "aGVsbG8=", "Ondvcmxk", "Og==", "" + "c2VjcmV0dG9rZW4=" })
    void decodeRejectsATokenWithoutAUserBeforeAColon(String token) {
        // hello, :world, :, secrettoken
        InvalidTokenException e = assertThrows(InvalidTokenException.class, () -> AuthTokens.decode(token));
        assertEquals("The AuthToken is not Base64(user:password)", e.getMessage());
        String decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
        assertFalse(e.getMessage().contains(token));
        assertFalse(decoded.length() > 1 && e.getMessage().contains(decoded), "the message must not show the content");
    }

    @Test
    void credentialsToStringNeverShowsThePassword() {
        Credentials credentials = new Credentials("hello", "Sup3rS3cr3t");
        String text = credentials.toString();
        assertTrue(text.contains("hello"), text);
        assertFalse(text.contains("Sup3rS3cr3t"), text);
        assertFalse(text.contains(AuthTokens.encode("hello", "Sup3rS3cr3t")), text);
    }

    @Test
    void decodedCredentialsToStringNeverShowsThePassword() throws Exception {
        String text = AuthTokens.decode(AuthTokens.encode("hello", "Sup3rS3cr3t")).toString();
        assertFalse(text.contains("Sup3rS3cr3t"), text);
    }

    @Test
    void basicAuthorizationIsBasicSpaceBase64OfUserColonPassword() {
        assertEquals("Basic aGVsbG86d29ybGQ=", AuthTokens.basicAuthorization(new Credentials("hello", "world")));
    }

    @Test
    void basicAuthorizationOfAUrlSafeTokenUsesStandardBase64() throws Exception {
        assertEquals("Basic " + PLUS_SLASH_TOKEN, AuthTokens.basicAuthorization(AuthTokens.decode("aGVsbG86cGE-c3M_d35yZA")));
    }
}
