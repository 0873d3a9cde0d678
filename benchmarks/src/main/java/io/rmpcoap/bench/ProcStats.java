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

    /**
     * Per request over one window: user µs, kernel µs, context switches; and of the CPU time (user and kernel) the part
     * of the JIT compiler threads and of the garbage collector's threads, which is the JVM's and not the request path's
     * (a window in which C2 recompiles something costs more per request than its neighbours); and the bytes the
     * target's threads allocated, which is what its GC time follows.
     */
    record PerRequest(double userUs, double systemUs, double contextSwitches, double jitUs, double gcUs,
                      double allocatedBytes) {
    }

    private final Child child;
    private final long[][] marks = new long[2][];
    private final long[] allocated = new long[2];
    /** With -Dbench.threads=true: CPU ticks and voluntary/involuntary switches per thread group at the marks. */
    private final java.util.List<java.util.Map<String, long[]>> threadMarks = new java.util.ArrayList<>();
    private int calls;

    ProcStats(Child child) {
        this.child = child;
    }

    /** The child's CPU time, as {@link Child#cpuNanos()}; the first two calls also mark the /proc counters. */
    long cpu() {
        long cpu = child.cpuNanos();
        if (calls < 2) {
            marks[calls] = read(child.pid());
            allocated[calls] = child.allocatedBytes();
            if (Boolean.getBoolean("bench.threads")) {
                threadMarks.add(threads(child.pid()));
            }
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
                (marks[1][1] - marks[0][1]) * tickUs / requests, (marks[1][2] - marks[0][2]) / (double) requests,
                (marks[1][3] - marks[0][3]) * tickUs / requests, (marks[1][4] - marks[0][4]) * tickUs / requests,
                (allocated[1] - allocated[0]) / (double) requests);
    }

    /**
     * With -Dbench.threads=true, per request between the marks for each group of threads (the name without its
     * number): CPU µs, voluntary and involuntary context switches; otherwise null.
     */
    String threadsPerRequest(long requests) {
        if (threadMarks.size() < 2 || requests == 0) {
            return null;
        }
        StringBuilder s = new StringBuilder();
        for (java.util.Map.Entry<String, long[]> e : threadMarks.get(1).entrySet()) {
            long[] a = threadMarks.get(0).getOrDefault(e.getKey(), new long[3]);
            long[] b = e.getValue();
            if (b[0] - a[0] == 0 && b[1] - a[1] == 0 && b[2] - a[2] == 0) {
                continue;
            }
            s.append(String.format(java.util.Locale.ROOT, "%n     %-24s %6.1f µs %5.2f vcs %5.2f ivcs", e.getKey(),
                    (b[0] - a[0]) * 1e4 / requests, (b[1] - a[1]) / (double) requests, (b[2] - a[2]) / (double) requests));
        }
        return s.toString();
    }

    private static java.util.Map<String, long[]> threads(long pid) {
        java.util.Map<String, long[]> groups = new java.util.TreeMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("[#-]?\\d+$", "");
                    String t = Files.readString(task.resolve("stat"));
                    String[] tf = t.substring(t.lastIndexOf(')') + 2).split(" ");
                    long[] g = groups.computeIfAbsent(name, k -> new long[3]);
                    g[0] += Long.parseLong(tf[11]) + Long.parseLong(tf[12]);
                    for (String line : Files.readAllLines(task.resolve("status"))) {
                        if (line.startsWith("voluntary_ctxt_switches:")) {
                            g[1] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        } else if (line.startsWith("nonvoluntary_ctxt_switches:")) {
                            g[2] += Long.parseLong(line.substring(line.indexOf(':') + 1).trim());
                        }
                    }
                } catch (IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended
        }
        return groups;
    }

    private static long[] read(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"));
            // fields after the command name in parentheses: state is field 3, utime 14, stime 15
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long switches = 0;
            long jit = 0;
            long gc = 0;
            try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", String.valueOf(pid), "task"))) {
                for (Path task : tasks) {
                    try {
                        String name = Files.readString(task.resolve("comm")).trim();
                        if (name.startsWith("C1 Compiler") || name.startsWith("C2 Compiler") || name.startsWith("GC Thread")
                            || name.startsWith("G1 ")) {
                            String t = Files.readString(task.resolve("stat"));
                            String[] tf = t.substring(t.lastIndexOf(')') + 2).split(" ");
                            long ticks = Long.parseLong(tf[11]) + Long.parseLong(tf[12]);
                            if (name.startsWith("C")) {
                                jit += ticks;
                            } else {
                                gc += ticks;
                            }
                        }
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
            return new long[] {Long.parseLong(f[11]), Long.parseLong(f[12]), switches, jit, gc};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
