package dev.tock.cli;

import dev.tock.cli.testing.SleepHandlerProvider;
import java.io.BufferedReader;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code tock server} in a child JVM with this module's test class path and the job type {@code test.sleep}
 * ({@link SleepHandlerProvider}), its output collected line by line. Every wait is bounded and fails with the
 * child's output; closing kills a child that is still alive.
 */
final class ServerProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on https?://[^:]+:(\\d+)");
    private static final Pattern TOKEN = Pattern.compile("^  export TOCK_TOKEN=(tock_\\S+)$");
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    ServerProcess(String... args) throws IOException {
        this(java.util.Map.of(), args);
    }

    /** With {@code env} added to the child's environment (from which every other TOCK_ variable is removed). */
    ServerProcess(java.util.Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
                "-D" + SleepHandlerProvider.SWITCH + "=true", "-cp", System.getProperty("java.class.path"),
                TockCommand.class.getName(), "server"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("TOCK_") && !name.equals("TOCK_LOG_LEVEL"));
        builder.environment().putAll(env);
        process = builder.start();
        Thread.ofPlatform().daemon(true).name("server-output").start(this::readOutput);
    }

    private void readOutput() {
        try (BufferedReader in = process.inputReader()) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading output failed: " + e + ")");
        }
    }

    /** Waits for the line saying where it listens; returns the port. */
    int awaitListening(Duration limit) {
        await(limit, "the server to listen", () -> lines.stream().anyMatch(l -> LISTENING.matcher(l).find()));
        for (String line : lines) {
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
        }
        throw new AssertionError("unreachable");
    }

    void await(Duration limit, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + " waiting for " + what + output());
            }
            sleep(20);
        }
    }

    /** The bootstrap admin token's secret, when this start printed one. */
    java.util.Optional<String> bootstrapToken() {
        return lines.stream().map(TOKEN::matcher).filter(Matcher::matches).map(m -> m.group(1)).findFirst();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    String output() {
        return "\n--- output of tock server " + process.pid() + " ---\n" + String.join("\n", lines) + "\n---";
    }

    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + name + " failed" + output());
        }
    }

    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("tock server did not exit within " + limit + output());
        }
        return process.exitValue();
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
