package io.rmpcoap.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a target's CPU time goes besides Java code, read from Linux's /proc at the same moments as its CPU time: user
 * and kernel time, and context switches (voluntary and not, summed over the live threads). JFR samples Java stacks
 * only, so the kernel's share of a thread hand-off or a blocking socket call shows here and nowhere else.
 */
final class ProcStats {

    /** Per request over one window: user µs, kernel µs, context switches. */
    record PerRequest(double userUs, double systemUs, double contextSwitches) {
    }

    private final Child child;
    private final long[][] marks = new long[2][];
    private int calls;

    ProcStats(Child child) {
        this.child = child;
    }

    /** The child's CPU time, as {@link Child#cpuNanos()}; the first two calls also mark the /proc counters. */
    long cpu() {
        long cpu = child.cpuNanos();
        if (calls < 2) {
            marks[calls] = read(child.pid());
        }
        calls++;
        return cpu;
    }

    /** The counters between the two marks per request; null when /proc cannot be read. */
    PerRequest perRequest(long requests) {
        if (marks[0] == null || marks[1] == null || requests == 0) {
            return null;
        }
        double tickUs = 1e6 / 100; // USER_HZ
        return new PerRequest((marks[1][0] - marks[0][0]) * tickUs / requests,
                (marks[1][1] - marks[0][1]) * tickUs / requests, (marks[1][2] - marks[0][2]) / (double) requests);
    }

    private static long[] read(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // fields after the command name in parentheses: state is field 3, utime 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long switches = 0;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
                for (Path task : tasks) {
                    try {
                        for (String line : Files.readAllLines(task.resolve("status"))) {
                            if (line.startsWith("voluntary_ctxt_switches:") || line.startsWith("nonvoluntary_ctxt_switches:")) {
                                switches += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                            }
                        }
                    } catch (IOException e) {
                        // the thread ended meanwhile
                    }
                }
            }
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), switches};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
