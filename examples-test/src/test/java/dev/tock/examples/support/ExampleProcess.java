package dev.tock.examples.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A program of an example (a worker, a webhook receiver) run as a user runs it, in a child process with the
 * environment given and nothing of the test's {@code TOCK_*} variables. Its output (stdout and stderr) goes to a
 * file, read for failure messages: a file never fills up or closes under the program, as a pipe nobody reads
 * would. {@link #terminate()} sends SIGTERM, as Kubernetes does to a pod.
 */
public final class ExampleProcess implements AutoCloseable {
    private final String name;
    private final Process process;
    private final Path log;

    private ExampleProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
    }

    /** Starts {@code command} in {@code workDir} with {@code env} added to a clean environment. */
    public static ExampleProcess start(String name, Path workDir, List<String> command, Map<String, String> env) throws IOException {
        Path log = Files.createTempFile(workDir, name.replaceAll("[^A-Za-z0-9-]", "-"), ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().keySet().removeIf(key -> key.startsWith("TOCK_") || key.startsWith("WORKER_"));
        builder.environment().putAll(env);
        return new ExampleProcess(name, builder.start(), log);
    }

    /** The JVM running this test, for {@code java -cp tock.jar Program.java}. */
    public static String java() {
        return TockNode.java();
    }

    /** The shaded {@code tock.jar}, whose classpath holds the worker SDK. */
    public static Path tockJar() {
        return TockNode.Jar.path();
    }

    private List<String> lines() {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            return List.of("(reading " + log + " failed: " + e + ")");
        }
    }

    /** Waits (at most {@code limit}) for an output line matching {@code pattern} and returns its first group. */
    public String awaitLine(Pattern pattern, Duration limit) {
        return Bounded.awaitValue(limit, name + " to print " + pattern, () -> {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + output());
            }
            return lines().stream().map(pattern::matcher).filter(Matcher::find).map(m -> m.groupCount() > 0 ? m.group(1) : m.group())
                    .findFirst().map(Optional::of).orElse(Optional.empty());
        }, this::output);
    }

    /** SIGTERM; then waits at most {@code limit} for the exit and returns its code. */
    public int terminate(Duration limit) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + limit + " of SIGTERM" + output());
        }
        return process.exitValue();
    }

    /** SIGTERM without waiting. */
    public void terminate() {
        process.destroy();
    }

    /** Waits at most {@code limit} for the exit and returns its code. */
    public int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + limit + output());
        }
        return process.exitValue();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public String output() {
        return "\n--- output of " + name + " ---\n" + String.join("\n", lines()) + "\n---";
    }

    /** SIGKILL if still running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
