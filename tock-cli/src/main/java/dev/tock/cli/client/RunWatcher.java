package dev.tock.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.Durations;
import dev.tock.workflow.InstanceState;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Follows a workflow run until it ends, for {@code tock workflows run --wait} and {@code tock workflows wait}: in table
 * format, a line each time a step's state (or a fan-out step's count of finished items) changes; then the run's end,
 * and an exit code a script can test, as {@code kubectl wait} or {@code argo submit --wait} give.
 */
final class RunWatcher {
    private static final Duration FIRST_POLL = Duration.ofMillis(200);
    private static final Duration MAX_POLL = Duration.ofSeconds(2);
    /** The states an item shows once it ended: an instance's final states (its job's, while it has one, are named alike). */
    private static final Set<String> FINISHED = Arrays.stream(InstanceState.values()).filter(InstanceState::isFinal)
            .map(InstanceState::wireName).collect(Collectors.toUnmodifiableSet());
    private final TockClient client;
    private final Printer printer;
    /** What was last printed of each step. */
    private final Map<String, String> shown = new HashMap<>();

    RunWatcher(TockClient client, Printer printer) {
        this.client = client;
        this.printer = printer;
    }

    /**
     * Reads the run at {@code path} until it is no longer running, or {@code timeout} passed.
     *
     * @return {@link ExitCode#OK} when it succeeded, {@link ExitCode#RUN_FAILED} when it failed or was cancelled,
     *     {@link ExitCode#STILL_RUNNING} when the timeout passed first
     */
    int await(String path, String id, Optional<Duration> timeout) {
        long deadline = System.nanoTime() + timeout.map(Duration::toNanos).orElse(0L);
        Duration poll = FIRST_POLL;
        while (true) {
            JsonNode run = client.get(path);
            String state = run.path("state").asText();
            if (printer.format() == OutputFormat.TABLE) {
                printChanges(run);
            }
            if (!state.equals("running")) {
                printer.done("workflow run " + id + " of " + run.path("workflow").asText() + ": " + state, run);
                return state.equals("succeeded") ? ExitCode.OK : ExitCode.RUN_FAILED;
            }
            if (timeout.isPresent() && System.nanoTime() - deadline >= 0) {
                printer.done("workflow run " + id + " is still running after " + Durations.format(timeout.orElseThrow()) + ";"
                        + " it goes on (tock workflows wait " + id + " follows it again)", run);
                return ExitCode.STILL_RUNNING;
            }
            sleep(timeout.isEmpty() ? poll : Duration.ofNanos(Math.max(0, Math.min(poll.toNanos(), deadline - System.nanoTime()))));
            poll = poll.multipliedBy(2).compareTo(MAX_POLL) > 0 ? MAX_POLL : poll.multipliedBy(2);
        }
    }

    /** A line per step whose state, or whose items' progress, changed since the last read. */
    private void printChanges(JsonNode run) {
        Map<String, String> now = new LinkedHashMap<>();
        Map<String, int[]> items = new HashMap<>();
        for (JsonNode i : run.path("steps")) {
            String step = i.path("step").asText();
            if (i.path("itemKey").asText("").isEmpty()) {
                now.put(step, i.path("state").asText());
            } else {
                int[] counts = items.computeIfAbsent(step, s -> new int[2]);
                counts[1]++;
                if (FINISHED.contains(i.path("state").asText())) {
                    counts[0]++;
                }
            }
        }
        now.forEach((step, state) -> {
            int[] counts = items.get(step);
            String line = step + ": " + state + (counts == null ? "" : " (" + counts[0] + " of " + counts[1] + " items finished)");
            if (!line.equals(shown.put(step, line))) {
                printer.done(line, null);
            }
        });
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the run", e);
        }
    }
}
