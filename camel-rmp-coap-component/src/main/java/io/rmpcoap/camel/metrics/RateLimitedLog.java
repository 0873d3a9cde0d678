package io.rmpcoap.camel.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.event.Level;

/**
 * Log lines an operator can keep on while devices misbehave: one line per key (e.g. device and reason) within a window,
 * and at most a fixed number of lines per window in all, so that a hostile peer cannot flood the log. Lines held back
 * are counted and reported with the first line of a later window.
 */
public final class RateLimitedLog {

    private static final int MAX_KEYS = 4096;

    private final Logger log;
    private final Level level;
    private final long windowNanos;
    private final int maxLinesPerWindow;
    private final Map<String, Long> lastLogged = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > MAX_KEYS;
        }
    };
    private long windowStart = System.nanoTime();
    private int linesInWindow;
    private int heldBack;

    public RateLimitedLog(Logger log, Level level, long windowSeconds, int maxLinesPerWindow) {
        this.log = log;
        this.level = level;
        this.windowNanos = TimeUnit.SECONDS.toNanos(windowSeconds);
        this.maxLinesPerWindow = maxLinesPerWindow;
    }

    /** The window in seconds, for log lines that say when they repeat. */
    public long windowSeconds() {
        return TimeUnit.NANOSECONDS.toSeconds(windowNanos);
    }

    /** Logs the line unless a line with the same key was logged within the window or the window is full. */
    public void log(String key, String format, Object... arguments) {
        if (!log.isEnabledForLevel(level)) {
            return;
        }
        int reportHeldBack = 0;
        synchronized (this) {
            long now = System.nanoTime();
            if (now - windowStart > windowNanos) {
                reportHeldBack = heldBack;
                windowStart = now;
                linesInWindow = 0;
                heldBack = 0;
            }
            Long last = lastLogged.get(key);
            if (last != null && now - last < windowNanos) {
                return;
            }
            if (linesInWindow >= maxLinesPerWindow) {
                heldBack++;
                return;
            }
            linesInWindow++;
            lastLogged.put(key, now);
        }
        if (reportHeldBack > 0) {
            log.atLevel(level).log("{} more such lines were held back in the last {} s", reportHeldBack, windowSeconds());
        }
        log.atLevel(level).log(format, arguments);
    }
}
