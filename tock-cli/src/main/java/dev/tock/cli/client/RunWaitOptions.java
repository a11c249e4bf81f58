package dev.tock.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** {@code --wait} and {@code --timeout} of the commands that start or retry a workflow run, and what they print after. */
final class RunWaitOptions {
    @Option(names = "--wait", description = "Follow the run until it ends, a line per step as its state changes; exit 0 when it"
            + " succeeded, 4 when it failed or was cancelled, 5 when --timeout passed first (the run goes on)")
    boolean await;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "With --wait: wait at most this long, e.g. 90s, 10m"
            + " (default: until the run ends)")
    String timeout;

    /** The wait's limit, read before the command changes anything: a bad {@code --timeout} is a usage error. */
    Optional<Duration> limit() {
        return parse(timeout, await);
    }

    /**
     * After the run was started or retried: without {@code --wait}, {@code line} (or the answer, as JSON or YAML); with it,
     * {@code line} and then the run followed to its end, at most {@code limit}, whose exit code it returns.
     */
    int after(TockClient client, Printer printer, String line, JsonNode answer, String runPath, String id, Optional<Duration> limit) {
        if (!await) {
            printer.done(line, answer);
            return ExitCode.OK;
        }
        if (printer.format() == OutputFormat.TABLE) {
            printer.done(line, null);
        }
        return new RunWatcher(client, printer).await(runPath, id, limit);
    }

    /** A wait's {@code --timeout}: a duration; given where nothing waits, a usage error rather than ignored. */
    static Optional<Duration> parse(String text, boolean waiting) {
        if (text == null) {
            return Optional.empty();
        }
        if (!waiting) {
            throw new UsageException("--timeout is for --wait");
        }
        return Optional.of(CommandLineValues.duration("--timeout", text));
    }
}
