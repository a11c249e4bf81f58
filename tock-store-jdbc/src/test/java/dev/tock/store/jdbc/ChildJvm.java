package dev.tock.store.jdbc;

import dev.tock.testing.Eventually;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Writer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A {@link ChildWorker} in a child JVM, its output (stdout and stderr) collected line by line. Every
 * wait is bounded and fails with the child's output; closing resumes and kills the child.
 */
final class ChildJvm implements AutoCloseable {
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();
    private final Thread reader;

    ChildJvm(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-cp", System.getProperty("java.class.path"), ChildWorker.class.getName()));
        command.addAll(List.of(args));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        reader = Thread.ofPlatform().daemon(true).name("child-output").start(this::readOutput);
    }

    private void readOutput() {
        try (BufferedReader in = process.inputReader()) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading child output failed: " + e + ")");
        }
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    String output() {
        return "\n--- output of child " + process.pid() + " ---\n" + String.join("\n", lines) + "\n---";
    }

    void await(Duration limit, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + " waiting for " + what + output());
            }
            Eventually.sleep(10);
        }
    }

    void awaitLine(Duration limit, String line) {
        await(limit, "the child to print '" + line + "'", () -> lines.contains(line));
    }

    /** Sends a signal with kill(1), e.g. STOP or CONT. */
    void signal(String name) {
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new AssertionError("kill -" + name + " " + process.pid() + " failed" + output());
            }
        } catch (IOException | InterruptedException e) {
            throw new AssertionError("kill -" + name + " failed", e);
        }
    }

    void send(String line) throws IOException {
        Writer in = process.outputWriter();
        in.write(line + "\n");
        in.flush();
    }

    /** SIGKILLs the child and waits for it to die; returns when the signal was sent. */
    Instant kill() {
        Instant at = Instant.now();
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
        return at;
    }

    int awaitExit(Duration limit) {
        try {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("child did not exit within " + limit + output());
            }
            reader.join(5_000);
        } catch (InterruptedException e) {
            throw new AssertionError("interrupted", e);
        }
        return process.exitValue();
    }

    @Override
    public void close() throws IOException {
        if (process.isAlive()) {
            try {
                new ProcessBuilder("kill", "-CONT", Long.toString(process.pid())).inheritIO().start().waitFor(10, TimeUnit.SECONDS);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
