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
import java.util.regex.Pattern;

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
    private static final int SHOWN_COMMAND_CHARS = 300;
    /** Room for the command line and the three lines around the two streams' tails. */
    private static final int HEADER_ROOM = SHOWN_COMMAND_CHARS + 200;
    private static final Pattern PLAIN_ARGUMENT = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");
    /** How long output is still read after the process exited, before leftover descendants are stopped. */
    private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(2);

    private final int tailChars;
    private final SecretResolver secrets;
    private final int maxStepOutputBytes;

    /** @param secrets reads the values of variables that reference Secrets */
    public CommandJobExecutor(int tailChars, SecretResolver secrets) {
        this(tailChars, secrets, 256 * 1024);
    }

    /** @param maxStepOutputBytes the largest standard output a workflow step that asks for it records as its output */
    public CommandJobExecutor(int tailChars, SecretResolver secrets, int maxStepOutputBytes) {
        this.tailChars = tailChars;
        this.secrets = secrets;
        this.maxStepOutputBytes = maxStepOutputBytes;
    }

    @Override
    public void handle(JobContext ctx) throws InterruptedException {
        Job job = ctx.job();
        CommandExecutor spec = (CommandExecutor) job.executor().orElseThrow();
        Map<String, String> fromSecrets = SecretLookup.values(secrets, job, spec.envFromSecrets(), "variable");
        Process process = start(job, spec, fromSecrets);
        Run run = new Run(spec, new ProcessTree(process),
                new ByteTail(StepCapture.capacity(job, "stdout", tailChars * 2 + 4, maxStepOutputBytes)), new ByteTail(tailChars * 2 + 4),
                Redactor.of(spec, fromSecrets), System.nanoTime());
        Thread out = drain(process.getInputStream(), run.stdout());
        Thread err = drain(process.getErrorStream(), run.stderr());
        feed(process.getOutputStream(), job.payload());
        Optional<Long> deadline = spec.timeout().map(t -> run.started() + t.toNanos());
        try {
            if (!awaitExit(process, run.tree(), deadline)) {
                run.tree().stop(spec.killGrace());
                record(ctx, run, out, err, "timed out after " + Durations.format(spec.timeout().orElseThrow()) + "; process tree stopped");
                throw AttemptFailure.timedOut(spec.timeout().get());
            }
        } catch (InterruptedException e) {
            run.tree().stop(spec.killGrace());
            record(ctx, run, out, err, "stopped (timeout, cancel or shutdown); process tree stopped");
            throw e;
        }
        int exit = process.exitValue();
        record(ctx, run, out, err, "exit " + exit);
        if (exit != 0 && spec.nonRetryableExitCodes().contains(exit)) {
            throw AttemptFailure.permanent("exit code " + exit + " (not retried: one of nonRetryableExitCodes " + spec.nonRetryableExitCodes()
                    + ")" + errorTail(run));
        }
        if (exit != 0) {
            throw AttemptFailure.retryable("exit code " + exit + describeSignal(exit) + errorTail(run));
        }
        StepCapture.record(ctx, "stdout", run.stdout(), maxStepOutputBytes);
    }

    /**
     * One attempt's process: its spec, its tree, the tails of its two streams, what must not be recorded of
     * them, and when it started (nanoTime).
     */
    private record Run(CommandExecutor spec, ProcessTree tree, ByteTail stdout, ByteTail stderr, Redactor redactor, long started) {
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
        job.nominalTime().ifPresent(t -> env.put("TOCK_NOMINAL_TIME", t.toString()));
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

    /** Writes the attempt's output: the command line, how it ended, and the tails of its streams. */
    private void record(JobContext ctx, Run run, Thread out, Thread err, String ending) {
        awaitOutput(out, err, run.tree(), run.spec().killGrace());
        ctx.output("$ " + run.redactor().redact(shown(run.spec().commandLine())) + "\n");
        ctx.output(ending + " after " + Duration.ofNanos(System.nanoTime() - run.started()).toMillis() + " ms\n");
        // Each stream gets half of what is kept, less room for these four lines, so that they stay.
        int perStream = Math.max(0, (tailChars - HEADER_ROOM) / 2);
        ctx.output("--- stdout (" + run.stdout().total() + " bytes) ---\n" + run.redactor().redact(run.stdout().text(perStream)) + "\n");
        ctx.output("--- stderr (" + run.stderr().total() + " bytes) ---\n" + run.redactor().redact(run.stderr().text(perStream)) + "\n");
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

    /**
     * The command line as a shell would read it back: arguments that hold anything but plain characters
     * in single quotes. Keep it to the first {@value #SHOWN_COMMAND_CHARS} characters: a long script
     * should not push the command's own output out of the tail.
     */
    static String shown(List<String> commandLine) {
        StringBuilder line = new StringBuilder();
        for (String arg : commandLine) {
            if (!line.isEmpty()) {
                line.append(' ');
            }
            line.append(PLAIN_ARGUMENT.matcher(arg).matches() ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.length() <= SHOWN_COMMAND_CHARS ? line.toString() : line.substring(0, SHOWN_COMMAND_CHARS) + "…";
    }

    private String errorTail(Run run) {
        ByteTail stderr = run.stderr();
        String text = run.redactor().redact(stderr.text(Math.min(500, Math.max(1, tailChars))));
        return stderr.total() == 0 ? "" : "\n" + text;
    }

    private static String describeSignal(int exit) {
        return exit > 128 && exit < 160 ? " (killed by signal " + (exit - 128) + ")" : "";
    }
}
