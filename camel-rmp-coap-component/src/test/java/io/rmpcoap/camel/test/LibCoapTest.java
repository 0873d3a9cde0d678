package io.rmpcoap.camel.test;

import org.junit.jupiter.api.Test;
import org.opentest4j.TestAbortedException;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A missing libcoap skips its tests on a developer's machine but fails them in CI. */
class LibCoapTest {

    @Test
    void missingLibCoapFailsTheTestWhenCiIsSet() {
        AssertionError failure = assertThrows(AssertionError.class, () -> LibCoap.assumeAvailable(false, "true"));
        assertTrue(failure.getMessage().contains("coap-client-openssl"), failure.getMessage());
    }

    @Test
    void missingLibCoapSkipsTheTestWithoutCi() {
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> LibCoap.assumeAvailable(false, null));
        assertTrue(skipped.getMessage().contains("not on the PATH"), skipped.getMessage());
    }

    @Test
    void installedLibCoapRunsTheTestEitherWay() {
        assertDoesNotThrow(() -> LibCoap.assumeAvailable(true, "true"));
        assertDoesNotThrow(() -> LibCoap.assumeAvailable(true, null));
    }
}
