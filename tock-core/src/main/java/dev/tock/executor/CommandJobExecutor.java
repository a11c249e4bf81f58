package dev.tock.executor;

import dev.tock.Durations;
import dev.tock.handler.AttemptFailure;
import dev.tock.handler.JobContext;
import dev.tock.handler.JobHandler;
import dev.tock.model.CommandExecutor;
import dev.tock.model.Job;
import dev.tock.secret.SecretResolver;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Runs jobs whose executor is {@link CommandExecutor}: one process per attempt, never through a shell
 * unless the spec asks for one. The payload goes to its standard input; the tails of its standard output
 * and error go to the attempt's output. On timeout, cancellation, a lost lease or shutdown the process and
 * all its descendants get SIGTERM, then SIGKILL after the kill grace; descendants still running when
 * the process exits are stopped too. Variables from Secrets are read just before the process starts, and
 * their values (and those of variables that look secret) are replaced by {@code ***} in what is recorded.
 */
public final class CommandJobExecutor implements JobHandler {
    /** Variables of the node passed on to commands; nothing else of its environment (it may hold Tock's own secrets). */
    static final List<String> INHERITED_ENV = List.of("PATH", "HOME", "LANG", "LC_ALL", "TZ", "TMPDIR", "USER");
    private static final long SAMPLE_MILLIS = 500;
    private static final int HEADER_ROOM = 200;
    /** How long output is still read after the process exited, before leftover descendants are stopped. */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

    private final int tailChars;
    private final SecretResolver secrets;

    /** @param secrets reads the values of variables that reference Secrets */
    public CommandJobExecutor(int tailChars, SecretResolver secrets) {
        this.tailChars = tailChars;
        this.secrets = secrets;
    }

    @Override
    public void handle(JobContext ctx) throws InterruptedException {
        Job job = ctx.job();
        CommandExecutor spec = (CommandExecutor) job.executor().orElseThrow();
        Map<String, String> fromSecrets = SecretLookup.values(secrets, job, spec.envFromSecrets(), "variable");
        Redactor redactor = Redactor.of(spec, fromSecrets);
        Process process = start(job, spec, fromSecrets);
        ProcessTree tree = new ProcessTree(process);
        ByteTail stdout = new ByteTail(tailChars * 2 + 4);
        ByteTail stderr = new ByteTail(tailChars * 2 + 4);
        Thread out = drain(process.getInputStream(), stdout);
        Thread err = drain(process.getErrorStream(), stderr);
        Output output = new Output(stdout, stderr, out, err, redactor);
        feed(process.getOutputStream(), job.payload());
        long started = System.nanoTime();
        Optional<Long> deadline = spec.timeout().map(t -> started + t.toNanos());
        try {
            if (!awaitExit(process, tree, deadline)) {
                tree.stop(spec.killGrace());
                record(ctx, "timed out after " + Durations.format(spec.timeout().orElseThrow()) + "; process tree stopped",
                        started, output, tree, spec.killGrace());
                throw new AttemptFailure("command timed out after " + Durations.format(spec.timeout().get())
                        + "; it and its descendants were stopped" + errorTail(stderr, redactor), true, Optional.empty(), true);
            }
        } catch (InterruptedException e) {
            tree.stop(spec.killGrace());
            record(ctx, "stopped (timeout, cancel or shutdown); process tree stopped", started,
                    output, tree, spec.killGrace());
            throw e;
        }
        int exit = process.exitValue();
        record(ctx, "exit " + exit, started, output, tree, spec.killGrace());
        if (exit != 0) {
            throw AttemptFailure.retryable("exit code " + exit + describeSignal(exit) + errorTail(stderr, redactor));
        }
    }

    private Process start(Job job, CommandExecutor spec, Map<String, String> fromSecrets) {
        ProcessBuilder pb = new ProcessBuilder(spec.commandLine());
        Map<String, String> env = pb.environment();
        env.clear();
        for (String name : INHERITED_ENV) {
            String value = System.getenv(name);
            if (value != null) {
                env.put(name, value);
            }
        }
        env.putAll(spec.env());
        env.putAll(fromSecrets);
        env.put("TOCK_JOB_ID", job.id().toString());
        env.put("TOCK_JOB_TYPE", job.type());
        env.put("TOCK_ATTEMPT", Integer.toString(job.attempts()));
        env.put("TOCK_NAMESPACE", job.namespace());
        spec.workingDir().ifPresent(dir -> pb.directory(new File(dir)));
        try {
            return pb.start();
        } catch (IOException e) {
            // Another node may have the program or directory; the retry policy decides.
            throw AttemptFailure.retryable("cannot start " + spec.commandLine().get(0) + ": " + e.getMessage());
        }
    }

    private static boolean awaitExit(Process process, ProcessTree tree, Optional<Long> deadline) throws InterruptedException {
        while (true) {
            long wait = SAMPLE_MILLIS;
            if (deadline.isPresent()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline.get() - System.nanoTime());
                if (left <= 0) {
                    return !process.isAlive();
                }
                wait = Math.min(wait, left);
            }
            if (process.waitFor(wait, TimeUnit.MILLISECONDS)) {
                return true;
            }
            tree.sample();
        }
    }

    private static Thread drain(InputStream stream, ByteTail tail) {
        return Thread.ofVirtual().name("tock-command-output").start(() -> {
            byte[] buffer = new byte[8192];
            try (stream) {
                int n;
                while ((n = stream.read(buffer)) >= 0) {
                    tail.write(buffer, 0, n);
                }
            } catch (IOException e) {
                // the stream was closed: the process is gone
            }
        });
    }

    private static void feed(OutputStream stdin, String payload) {
        Thread.ofVirtual().name("tock-command-input").start(() -> {
            try (stdin) {
                stdin.write(payload.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                // the command does not read its input: fine
            }
        });
    }

    /** The process's output streams, the threads reading them, and what must not be recorded of them. */
    private record Output(ByteTail stdout, ByteTail stderr, Thread out, Thread err, Redactor redactor) {
    }

    private void record(JobContext ctx, String ending, long started, Output output, ProcessTree tree, Duration killGrace) {
        awaitOutput(output.out(), output.err(), tree, killGrace);
        ctx.output(ending + " after " + Duration.ofNanos(System.nanoTime() - started).toMillis() + " ms\n");
        // Each stream gets half of what is kept, less room for these three lines, so that they stay.
        int perStream = Math.max(0, (tailChars - HEADER_ROOM) / 2);
        ctx.output("--- stdout (" + output.stdout().total() + " bytes) ---\n" + output.redactor().redact(output.stdout().text(perStream))
                + "\n");
        ctx.output("--- stderr (" + output.stderr().total() + " bytes) ---\n" + output.redactor().redact(output.stderr().text(perStream))
                + "\n");
    }

    /**
     * Reads what is left of the output, then stops descendants still running: the attempt ends with its
     * whole process tree (one that keeps the output open is stopped after the drain time).
     */
    private static void awaitOutput(Thread out, Thread err, ProcessTree tree, Duration killGrace) {
        try {
            boolean done = joined(out, err, OUTPUT_DRAIN);
            tree.stopLeftovers(killGrace);
            if (!done) {
                joined(out, err, OUTPUT_DRAIN);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean joined(Thread a, Thread b, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        a.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        b.join(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
        return !a.isAlive() && !b.isAlive();
    }

    private String errorTail(ByteTail stderr, Redactor redactor) {
        String text = redactor.redact(stderr.text(Math.min(500, Math.max(1, tailChars))));
        return stderr.total() == 0 ? "" : "\n" + text;
    }

    private static String describeSignal(int exit) {
        return exit > 128 && exit < 160 ? " (killed by signal " + (exit - 128) + ")" : "";
    }
}
