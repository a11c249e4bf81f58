package dev.tock.model;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Runs a job as a local process on the node: exit code 0 succeeds the attempt, any other fails it for
 * a retry. The payload is written to its standard input; the tails of its standard output and error
 * are kept with the attempt. Only nodes started with {@code command-executor-enabled} accept and run
 * these jobs.
 *
 * @param argv the program and its arguments, run without a shell; empty when {@code shell} is given
 * @param shell a script for {@code /bin/sh -c}, only when a shell is asked for explicitly
 * @param env variables added to the small environment the process starts with ({@code PATH}, {@code HOME},
 *     {@code LANG}, {@code TZ} and {@code TOCK_JOB_ID}, {@code TOCK_JOB_TYPE}, {@code TOCK_ATTEMPT},
 *     {@code TOCK_NAMESPACE}); values of variables whose names look secret are redacted where shown
 * @param envFromSecrets variables whose values are read from Secrets when each attempt runs; never stored with
 *     the job, and kept out of the attempt's output
 * @param workingDir an absolute directory; absent means the node's own
 * @param timeout after this the process and all its descendants are stopped; absent means the job's
 *     timeout only
 * @param killGrace how long the processes get between SIGTERM and SIGKILL when stopped (default 5s)
 * @param nonRetryableExitCodes exit codes that end the job at once (dead) instead of failing the attempt for a retry
 */
public record CommandExecutor(List<String> argv, Optional<String> shell, Map<String, String> env,
                              Map<String, SecretKeyRef> envFromSecrets, Optional<String> workingDir,
                              Optional<Duration> timeout, Duration killGrace, Set<Integer> nonRetryableExitCodes)
        implements Executor {

    public static final int MAX_ARGS = 1000;
    public static final int MAX_ARG_LENGTH = 32 * 1024;
    public static final int MAX_SHELL_LENGTH = 64 * 1024;
    public static final int MAX_ENV = 100;
    public static final Duration DEFAULT_KILL_GRACE = Duration.ofSeconds(5);
    public static final Duration MAX_KILL_GRACE = Duration.ofMinutes(5);
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
    private static final EnvironmentCheck ENVIRONMENT = new EnvironmentCheck(MAX_ENV, ENV_NAME, "a variable name (letters, digits, _)");

    public CommandExecutor {
        argv = argv == null ? List.of() : List.copyOf(argv);
        shell = shell == null ? Optional.empty() : shell;
        if (argv.isEmpty() == shell.isEmpty()) {
            throw new InvalidJobException("executor.command", "give either command (the program and its arguments, run"
                    + " without a shell) or shell (a script for /bin/sh -c), not both and not neither");
        }
        if (!argv.isEmpty()) {
            checkArgv(argv);
        }
        shell.ifPresent(CommandExecutor::checkShell);
        env = env == null ? Map.of() : env;
        envFromSecrets = envFromSecrets == null ? Map.of() : envFromSecrets;
        ENVIRONMENT.check(env, envFromSecrets);
        env = checkEnvValues(env);
        envFromSecrets = Collections.unmodifiableMap(new LinkedHashMap<>(envFromSecrets));
        workingDir = workingDir == null ? Optional.empty() : workingDir;
        workingDir.ifPresent(CommandExecutor::checkWorkingDir);
        timeout = timeout == null ? Optional.empty() : timeout;
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero() || t.compareTo(NewJob.MAX_TIMEOUT) > 0) {
                throw new InvalidJobException("executor.timeout", "must be positive and at most " + NewJob.MAX_TIMEOUT + ", was " + t);
            }
        });
        nonRetryableExitCodes = nonRetryableExitCodes == null ? Set.of() : Collections.unmodifiableSet(new TreeSet<>(nonRetryableExitCodes));
        for (int code : nonRetryableExitCodes) {
            if (code < 1 || code > 255) {
                throw new InvalidJobException("executor.nonRetryableExitCodes", "an exit code is 1-255, was " + code);
            }
        }
        killGrace = killGrace == null ? DEFAULT_KILL_GRACE : killGrace;
        if (killGrace.isNegative() || killGrace.compareTo(MAX_KILL_GRACE) > 0) {
            throw new InvalidJobException("executor.killGrace", "must be between 0 and " + MAX_KILL_GRACE + ", was " + killGrace);
        }
    }

    /** A command whose every failing exit code is retried. */
    public CommandExecutor(List<String> argv, Optional<String> shell, Map<String, String> env, Map<String, SecretKeyRef> envFromSecrets,
                           Optional<String> workingDir, Optional<Duration> timeout, Duration killGrace) {
        this(argv, shell, env, envFromSecrets, workingDir, timeout, killGrace, Set.of());
    }

    /** Runs {@code program} with {@code args}, no shell. */
    public static CommandExecutor of(String program, String... args) {
        List<String> argv = new java.util.ArrayList<>();
        argv.add(program);
        argv.addAll(List.of(args));
        return new CommandExecutor(argv, Optional.empty(), Map.of(), Map.of(), Optional.empty(), Optional.empty(), null);
    }

    /** Runs {@code script} with {@code /bin/sh -c}. */
    public static CommandExecutor shell(String script) {
        return new CommandExecutor(List.of(), Optional.of(script), Map.of(), Map.of(), Optional.empty(), Optional.empty(), null);
    }

    @Override
    public String kind() {
        return COMMAND;
    }

    public CommandExecutor withTimeout(Duration value) {
        return new CommandExecutor(argv, shell, env, envFromSecrets, workingDir, Optional.of(value), killGrace, nonRetryableExitCodes);
    }

    public CommandExecutor withEnv(Map<String, String> value) {
        return new CommandExecutor(argv, shell, value, envFromSecrets, workingDir, timeout, killGrace, nonRetryableExitCodes);
    }

    public CommandExecutor withWorkingDir(String value) {
        return new CommandExecutor(argv, shell, env, envFromSecrets, Optional.of(value), timeout, killGrace, nonRetryableExitCodes);
    }

    public CommandExecutor withKillGrace(Duration value) {
        return new CommandExecutor(argv, shell, env, envFromSecrets, workingDir, timeout, value, nonRetryableExitCodes);
    }

    /** Sets variable {@code name} to the value of a Secret's key, read when each attempt runs. */
    public CommandExecutor withEnvFromSecret(String name, SecretKeyRef ref) {
        Map<String, SecretKeyRef> copy = new LinkedHashMap<>(envFromSecrets);
        copy.put(name, ref);
        return new CommandExecutor(argv, shell, env, copy, workingDir, timeout, killGrace, nonRetryableExitCodes);
    }

    /** Exit codes after which the job is not retried (it ends dead), as a Kubernetes podFailurePolicy FailJob rule. */
    public CommandExecutor withNonRetryableExitCodes(Set<Integer> codes) {
        return new CommandExecutor(argv, shell, env, envFromSecrets, workingDir, timeout, killGrace, codes);
    }

    @Override
    public Map<String, SecretKeyRef> secretRefs() {
        Map<String, SecretKeyRef> refs = new LinkedHashMap<>();
        envFromSecrets.forEach((name, ref) -> refs.put("executor.env." + name, ref));
        return refs;
    }

    /** What is executed: {@code argv}, or {@code /bin/sh -c shell}. */
    public List<String> commandLine() {
        return shell.map(s -> List.of("/bin/sh", "-c", s)).orElse(argv);
    }

    /** The variables with every secret-looking value replaced by {@value Redaction#REDACTED}. */
    public Map<String, String> redactedEnv() {
        Map<String, String> shown = new LinkedHashMap<>();
        env.forEach((name, value) -> shown.put(name, Redaction.looksSecret(name) ? Redaction.REDACTED : value));
        return Collections.unmodifiableMap(shown);
    }

    private static void checkArgv(List<String> argv) {
        if (argv.size() > MAX_ARGS) {
            throw new InvalidJobException("executor.command", "at most " + MAX_ARGS + " arguments, got " + argv.size());
        }
        for (int i = 0; i < argv.size(); i++) {
            String arg = argv.get(i);
            if (arg == null || arg.length() > MAX_ARG_LENGTH || arg.indexOf('\0') >= 0) {
                throw new InvalidJobException("executor.command", "argument " + i + " must be text of at most " + MAX_ARG_LENGTH
                        + " characters without NUL");
            }
        }
        if (argv.get(0).isBlank()) {
            throw new InvalidJobException("executor.command", "the program (first element) must not be blank");
        }
    }

    private static void checkShell(String script) {
        if (script.isBlank() || script.length() > MAX_SHELL_LENGTH || script.indexOf('\0') >= 0) {
            throw new InvalidJobException("executor.shell", "must be a non-blank script of at most " + MAX_SHELL_LENGTH
                    + " characters without NUL");
        }
    }

    private static Map<String, String> checkEnvValues(Map<String, String> env) {
        env.forEach((name, value) -> {
            if (value == null || value.length() > MAX_ARG_LENGTH || value.indexOf('\0') >= 0) {
                throw new InvalidJobException("executor.env", "the value of " + name + " must be text of at most "
                        + MAX_ARG_LENGTH + " characters without NUL");
            }
        });
        return Collections.unmodifiableMap(new LinkedHashMap<>(env));
    }

    private static void checkWorkingDir(String dir) {
        if (!dir.startsWith("/") || dir.indexOf('\0') >= 0 || dir.length() > 4096) {
            throw new InvalidJobException("executor.workingDir", "must be an absolute path, was \"" + dir + "\"");
        }
    }
}
