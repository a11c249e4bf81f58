package dev.tock.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tock jobs}: submit, look up, list, cancel and retry jobs, and see their attempts. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Submit, list, inspect, cancel and retry jobs.",
        subcommands = {JobsCommand.Submit.class, JobsCommand.Get.class, JobsCommand.ListJobs.class, JobsCommand.Cancel.class,
                JobsCommand.Retry.class, JobsCommand.Attempts.class, JobsCommand.Explain.class})
public final class JobsCommand extends ClientCommand.Group {

    @Command(name = "submit", mixinStandardHelpOptions = true,
            description = {"Enqueues a job. With --idempotency-key, a repeat returns the first job instead of a new one.",
                    "Prints job/NAMESPACE/ID and whether it was submitted (the object itself with -o yaml|json)."})
    public static final class Submit extends ClientCommand {
        @Option(names = "--type", required = true, paramLabel = "TYPE", description = "Job type, e.g. email.send (required)")
        String type;

        @Option(names = "--payload", paramLabel = "JSON", description = "Payload: one JSON value (default: {})")
        String payload;

        @Option(names = "--payload-file", paramLabel = "FILE", description = "Read the payload from FILE (- for stdin)")
        Path payloadFile;

        @Option(names = "--queue", paramLabel = "QUEUE", description = "Queue (default: default)")
        String queue;

        @Option(names = "--priority", paramLabel = "N", description = "Priority: higher runs first among due jobs (default: 0)")
        Integer priority;

        @Option(names = "--delay", paramLabel = "DURATION", description = "Run after this long, e.g. 10m")
        String delay;

        @Option(names = "--run-at", paramLabel = "TIME", description = "Run at this time, RFC 3339, e.g. 2026-01-31T09:00:00Z")
        String runAt;

        @Option(names = "--idempotency-key", paramLabel = "KEY", description = "A repeat with the same key returns the first job")
        String idempotencyKey;

        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label (repeatable)")
        Map<String, String> labels = new LinkedHashMap<>();

        @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts before the job is dead (default: the server's retry policy)")
        Integer maxAttempts;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "Interrupt each attempt after this long, e.g. 30s")
        String timeout;

        @Option(names = "--active-deadline", paramLabel = "DURATION",
                description = "End the whole run dead (DeadlineExceeded) this long after its first start, across all attempts, e.g. 5m")
        String activeDeadline;

        @Option(names = "--retention", paramLabel = "DURATION",
                description = "Delete the finished job and its attempts this long after it finished, e.g. 1d (default: keep it)")
        String retention;

        @Option(names = "--concurrency-key", paramLabel = "KEY",
                description = "The key its queue's per-key limits count it under: literal or a template, e.g. {{payload.tenant}}")
        String concurrencyKey;

        @Override
        protected int run(TockClient client, Printer printer) {
            ObjectNode body = Jsons.JSON.createObjectNode().put("type", type);
            JsonNode parsed = CommandLineValues.payload(payload, payloadFile, System.in);
            if (parsed != null) {
                body.set("payload", parsed);
            }
            putIfSet(body, "queue", queue);
            if (priority != null) {
                body.put("priority", priority);
            }
            putIfSet(body, "delay", delay);
            putIfSet(body, "runAt", runAt);
            putIfSet(body, "idempotencyKey", idempotencyKey);
            if (maxAttempts != null) {
                body.putObject("retry").put("maxAttempts", maxAttempts);
            }
            putIfSet(body, "timeout", timeout);
            putIfSet(body, "activeDeadline", activeDeadline);
            putIfSet(body, "retention", retention);
            putIfSet(body, "concurrencyKey", concurrencyKey);
            if (!labels.isEmpty()) {
                body.set("labels", Jsons.JSON.valueToTree(labels));
            }
            TockClient.Reply reply = client.post(ApiPaths.jobs(namespace()), body);
            String id = reply.body().path("id").asText();
            printer.done(ref("job", id) + (reply.created() ? " submitted" : " unchanged (the idempotency key matched this job)"),
                    reply.body());
            return ExitCode.OK;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows one job.")
    public static final class Get extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "Job id")
        String id;

        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(ApiPaths.job(namespace(), id)), Views.JOB);
            return ExitCode.OK;
        }
    }

    @Command(name = "explain", mixinStandardHelpOptions = true,
            description = {"Says why a job is not running yet.",
                    "The reasons: scheduled for later, a retry backoff, its queue paused or at its limit, its concurrency key at its"
                            + " limit, a rate limit, no live node or worker that runs it, or other keys' turn in a fair queue."})
    public static final class Explain extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "Job id")
        String id;

        @Override
        protected int run(TockClient client, Printer printer) {
            JsonNode job = client.get(ApiPaths.job(namespace(), id));
            JsonNode waiting = job.path("waiting");
            String line = waiting.isObject()
                    ? ref("job", id) + " waits (" + waiting.path("reason").asText() + "): " + waiting.path("detail").asText()
                    : ref("job", id) + " is not waiting: it is " + job.path("state").asText();
            printer.done(line, waiting.isObject() ? waiting : job);
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Lists jobs, newest first, one page at a time (--all follows every page)."})
    public static final class ListJobs extends ClientCommand {
        @Option(names = "--state", split = ",", paramLabel = "STATE",
                description = "Only these states: scheduled, ready, leased, running, succeeded, failed, dead, cancelled (comma-separated)")
        List<String> states;

        @Option(names = "--queue", paramLabel = "QUEUE", description = "Only this queue")
        String queue;

        @Option(names = "--type", paramLabel = "TYPE", description = "Only this job type")
        String type;

        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "Only jobs with this label (repeatable: all must match)")
        List<String> labels;

        @Option(names = "--schedule", paramLabel = "NAME", description = "Only jobs fired by this schedule")
        String schedule;

        @Option(names = "--limit", paramLabel = "N", description = "Jobs per page, 1-500 (default: the server's, 50)")
        Integer limit;

        @Option(names = "--cursor", paramLabel = "CURSOR", description = "Start after this cursor (the nextCursor of an earlier page)")
        String cursor;

        @Option(names = "--all", description = "Follow the cursors: list every matching job")
        boolean all;

        @Override
        protected int run(TockClient client, Printer printer) {
            JsonNode page = client.get(query(cursor).on(ApiPaths.jobs(namespace())));
            if (all) {
                ArrayNode jobs = Jsons.JSON.createArrayNode();
                jobs.addAll((ArrayNode) page.path("jobs"));
                while (page.hasNonNull("nextCursor")) {
                    page = client.get(query(page.get("nextCursor").asText()).on(ApiPaths.jobs(namespace())));
                    jobs.addAll((ArrayNode) page.path("jobs"));
                }
                ObjectNode merged = Jsons.JSON.createObjectNode();
                merged.set("jobs", jobs);
                page = merged;
            }
            printer.print(page, Views.JOBS);
            if (printer.format() == OutputFormat.TABLE && page.hasNonNull("nextCursor")) {
                spec.commandLine().getErr().println("More jobs: add --cursor " + page.get("nextCursor").asText() + ", or --all for every page.");
                spec.commandLine().getErr().flush();
            }
            return ExitCode.OK;
        }

        private Query query(String from) {
            return Query.of().add("state", states == null ? null : String.join(",", states)).add("queue", queue)
                    .add("type", type).addAll("label", labels).add("schedule", schedule).add("limit", limit).add("cursor", from);
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true, description = "Cancels a job that has not finished; a running one is interrupted.")
    public static final class Cancel extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "Job id")
        String id;

        @Override
        protected int run(TockClient client, Printer printer) {
            JsonNode job = client.post(ApiPaths.job(namespace(), id) + "/cancel", null).body();
            printer.done(ref("job", id) + " cancelled", job);
            return ExitCode.OK;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true, description = "Runs a dead or cancelled job again, with a fresh attempt budget.")
    public static final class Retry extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "Job id")
        String id;

        @Override
        protected int run(TockClient client, Printer printer) {
            JsonNode job = client.post(ApiPaths.job(namespace(), id) + "/retry", null).body();
            printer.done(ref("job", id) + " retried", job);
            return ExitCode.OK;
        }
    }

    @Command(name = "attempts", mixinStandardHelpOptions = true, description = "Lists every attempt at a job: node, start, end, outcome, error.")
    public static final class Attempts extends ClientCommand {
        @Parameters(paramLabel = "ID", description = "Job id")
        String id;

        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(ApiPaths.job(namespace(), id) + "/attempts"), Views.ATTEMPTS);
            return ExitCode.OK;
        }
    }

    static void putIfSet(ObjectNode body, String field, String value) {
        if (value != null) {
            body.put(field, value);
        }
    }
}
