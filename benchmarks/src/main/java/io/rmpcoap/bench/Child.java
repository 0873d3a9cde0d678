package io.rmpcoap.bench;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A target in its own JVM ({@code java -cp <this classpath> <main> <args>}): waits for {@code READY <port>}, asks for its
 * CPU time and heap over standard input, and stops it (quit, then destroy) so that nothing is left running.
 */
public final class Child implements AutoCloseable {

    /**
     * JVM options every child gets, so that the targets run alike. Two JIT compiler threads (the default on 2 cores)
     * took ~40 s of load to compile the Camel targets' hot paths; four bring that within the warm-up.
     */
    static final List<String> JVM_OPTIONS = List.of("-Xms256m", "-Xmx1g", "-XX:+UseG1GC", "-XX:CICompilerCount=4");

    private final String name;
    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> control = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> results = new LinkedBlockingQueue<>();
    private final int port;

    private Child(String name, Process process, Consumer<String> progress, long readyTimeoutMs) throws Exception {
        this.name = name;
        this.process = process;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(() -> {
            try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("PROGRESS ")) {
                        progress.accept(line.substring(9));
                    } else if (line.startsWith("RESULT ") || line.equals("DONE")) {
                        results.add(line);
                    } else if (line.startsWith("READY ") || line.startsWith("CPU ") || line.startsWith("ALLOC ")
                               || line.startsWith("HEAP ")
                               || line.startsWith("ERR ")) {
                        control.add(line);
                    } else {
                        progress.accept("[" + name + "] " + line);
                    }
                }
            } catch (IOException e) {
                // the child ended
            }
            control.add("EXIT");
            results.add("EXIT");
        }, "child-" + name);
        reader.setDaemon(true);
        reader.start();
        String ready = control.poll(readyTimeoutMs, TimeUnit.MILLISECONDS);
        if (ready == null || !ready.startsWith("READY ")) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            throw new IllegalStateException(name + " did not start (" + ready + "); see its log");
        }
        this.port = Integer.parseInt(ready.substring(6).trim());
    }

    /** Starts {@code mainClass} with the launcher's class path; its standard error goes to {@code logDir/name.log}. */
    public static Child start(String name, String mainClass, List<String> args, File logDir, File workDir,
                              Consumer<String> progress) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(new File(System.getProperty("java.home"), "bin/java").getPath());
        command.addAll(JVM_OPTIONS);
        if (Boolean.getBoolean("bench.jfr")) {
            // profiling: a JFR recording per child, e.g. `jfr print --events jdk.ExecutionSample` afterwards
            command.add("-XX:StartFlightRecording=settings=profile,filename="
                        + new File(logDir, name.replaceAll("[^A-Za-z0-9.-]", "_") + ".jfr").getAbsolutePath());
        }
        command.add("-cp");
        // A/B in one run: -Dbench.cp.<name>=jar,jar puts other builds of some jars (e.g. the component and routes
        // before a change) in front of the launcher's class path for that child
        String id = name.replaceAll("-(udp|dtls)$", "");
        String prefix = System.getProperty("bench.cp." + id);
        command.add((prefix == null ? "" : prefix.replace(",", File.pathSeparator) + File.pathSeparator) + absoluteClassPath());
        command.add(mainClass);
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir)
                .redirectError(ProcessBuilder.Redirect.appendTo(new File(logDir, name.replaceAll("[^A-Za-z0-9.-]", "_") + ".log")));
        return new Child(name, builder.start(), progress, 90_000);
    }

    /** The launcher's class path with absolute entries, since the children run in another directory. */
    static String absoluteClassPath() {
        List<String> entries = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            entries.add(new File(entry).getAbsolutePath());
        }
        return String.join(File.pathSeparator, entries);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    private synchronized String ask(String command, String answer) {
        try {
            control.clear();
            stdin.write(command + "\n");
            stdin.flush();
            String line = control.poll(30, TimeUnit.SECONDS);
            if (line == null || !line.startsWith(answer + " ")) {
                throw new IllegalStateException(name + " answered " + line + " to " + command);
            }
            return line.substring(answer.length() + 1).trim();
        } catch (IOException | InterruptedException e) {
            throw new IllegalStateException(name + " is gone", e);
        }
    }

    /** Sends one line to the child's standard input (for children that read commands themselves). */
    public synchronized void send(String line) {
        try {
            stdin.write(line + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new IllegalStateException(name + " is gone", e);
        }
    }

    /** The child's process CPU time (all threads), nanoseconds. */
    public long cpuNanos() {
        return Long.parseLong(ask("cpu", "CPU"));
    }

    /** Bytes allocated so far by the child's live threads. */
    public long allocatedBytes() {
        return Long.parseLong(ask("alloc", "ALLOC"));
    }

    /** The child's used heap after full GCs, bytes. */
    public long heapAfterGc() {
        return Long.parseLong(ask("gc", "HEAP"));
    }

    /** The next RESULT line (without the prefix), or null when the child said DONE or ended. */
    public String nextResult(long timeoutMs) throws InterruptedException {
        String line = results.poll(timeoutMs, TimeUnit.MILLISECONDS);
        return line != null && line.startsWith("RESULT ") ? line.substring(7) : null;
    }

    @Override
    public void close() {
        try {
            stdin.write("quit\n");
            stdin.flush();
            stdin.close();
        } catch (IOException ignored) {
            // already gone
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
