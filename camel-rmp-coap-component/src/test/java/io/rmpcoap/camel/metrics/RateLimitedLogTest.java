package io.rmpcoap.camel.metrics;

import java.util.Arrays;

import io.rmpcoap.camel.test.LogCapture;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A flood of distinct devices and reasons cannot flood the log: one line per key and window, a cap per window. */
class RateLimitedLogTest {

    private static long lines(LogCapture log, String text) {
        return Arrays.stream(log.text().split("\n")).filter(line -> line.contains(text)).count();
    }

    @Test
    void aKeyIsLoggedOncePerWindowAndAFloodOfKeysStopsAtTheCap() {
        RateLimitedLog limited = new RateLimitedLog(LoggerFactory.getLogger("rmpcoap.test.flood"), Level.INFO, 60, 100);
        try (LogCapture log = LogCapture.debug()) {
            for (int i = 0; i < 3; i++) {
                limited.log("10.0.0.1:5000 wrong-key", "same-device {}", i);
            }
            for (int i = 0; i < 1000; i++) {
                limited.log("10.0.0." + (i % 250) + ":" + (6000 + i) + " wrong-key", "flood-device {}", i);
            }
            assertEquals(1, lines(log, "same-device"), "one line per key within the window");
            assertEquals(99, lines(log, "flood-device"), "at most 100 lines per window in all");
        }
    }
}
