package io.rmpcoap.bench;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;

/**
 * The child side of the launcher's control protocol. A child prints {@code READY <port>} when bound, then answers
 * commands on standard input: {@code cpu} with {@code CPU <process cpu nanos>}, {@code alloc} with
 * {@code ALLOC <bytes allocated by the live threads>}, {@code gc} with {@code HEAP <used heap bytes after GC>}.
 * {@code quit} or the end of standard input (the launcher died) ends the process, so nothing is left running.
 */
public final class TargetSupport {

    private TargetSupport() {
    }

    /** The CPU time of this process (all threads), in nanoseconds. */
    public static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * Bytes allocated so far by the live threads (the JVM's per-thread counters). Unlike CPU time, this barely moves
     * with the machine's other load, so it tells two builds apart where CPU per request cannot; a thread that ended
     * takes its count with it, which the targets' fixed thread pools do not do under load.
     */
    public static long allocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (long bytes : threads.getThreadAllocatedBytes(threads.getAllThreadIds())) {
            sum += Math.max(bytes, 0);
        }
        return sum;
    }

    /** Used heap after a full collection. */
    public static long heapAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            try {
                Thread.sleep(150);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    public static synchronized void println(String line) {
        System.out.println(line);
        System.out.flush();
    }

    /** Announces the port and serves the control commands until quit; then runs {@code stop} and exits. */
    public static void ready(int port, AutoCloseable stop) {
        Thread control = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    switch (line.trim()) {
                        case "cpu" -> println("CPU " + processCpuNanos());
                        case "alloc" -> println("ALLOC " + allocatedBytes());
                        case "gc" -> println("HEAP " + heapAfterGc());
                        case "quit" -> {
                            return;
                        }
                        default -> println("ERR unknown command " + line);
                    }
                }
            } catch (Exception e) {
                // the launcher is gone
            } finally {
                try {
                    if (stop != null) {
                        stop.close();
                    }
                } catch (Exception ignored) {
                    // exiting anyway
                }
                System.exit(0); // not halt: a JFR recording (-Dbench.jfr) is written on exit
            }
        }, "bench-control");
        control.setDaemon(false);
        control.start();
        println("READY " + port);
    }
}
