package dev.tock.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tock schedules}: CronJobs: create, inspect, suspend, trigger, backfill, preview, and what they fired. */
@Command(name = "schedules", mixinStandardHelpOptions = true,
        description = "Create, inspect, suspend, resume, trigger and backfill schedules (cron jobs).",
        subcommands = {SchedulesCommand.ListSchedules.class, SchedulesCommand.Get.class, SchedulesCommand.Create.class,
                SchedulesCommand.Delete.class, SchedulesCommand.Suspend.class, SchedulesCommand.Resume.class,
                SchedulesCommand.Trigger.class, SchedulesCommand.Backfill.class, SchedulesCommand.Preview.class,
                SchedulesCommand.Runs.class})
public final class SchedulesCommand extends ClientCommand.Group {

    /** A command about one schedule, named by the first parameter. */
    abstract static class Named extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Schedule name")
        String name;

        String path() {
            return ApiPaths.schedule(namespace(), name);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the schedules of the namespace.")
    public static final class ListSchedules extends ClientCommand {
        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(ApiPaths.schedules(namespace())), Views.SCHEDULES);
            return ExitCode.OK;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows one schedule (-o yaml for every setting).")
    public static final class Get extends Named {
        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(path()), Views.SCHEDULE);
            return ExitCode.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates a schedule that enqueues a job of --type, or starts a run of --workflow, at every time of --schedule.",
                    "Fails when the name is taken; tock apply creates or updates from files with every setting."})
    public static final class Create extends Named {
        @Option(names = "--schedule", required = true, paramLabel = "SPEC",
                description = "Cron spec: 5 fields (\"0 2 * * *\"), 6 with leading seconds, @daily, or \"@every 5m\" (required)")
        String schedule;

        @Option(names = "--type", paramLabel = "TYPE", description = "Type of the job it enqueues (this or --workflow)")
        String type;

        @Option(names = "--workflow", paramLabel = "NAME", description = "The workflow it starts a run of at each fire (this or --type)")
        String workflow;

        @Option(names = "--input", paramLabel = "KEY=VALUE",
                description = "With --workflow: an input of each run, read as JSON when it is JSON and as text otherwise (repeatable)")
        List<String> inputs = new ArrayList<>();

        @Option(names = "--payload", paramLabel = "JSON", description = "Payload of each job: one JSON value (default: {})")
        String payload;

        @Option(names = "--payload-file", paramLabel = "FILE", description = "Read the payload from FILE (- for stdin)")
        Path payloadFile;

        @Option(names = "--queue", paramLabel = "QUEUE", description = "Queue of its jobs (default: default)")
        String queue;

        @Option(names = "--priority", paramLabel = "N", description = "Priority of its jobs (default: 0)")
        Integer priority;

        @Option(names = "--max-attempts", paramLabel = "N", description = "Attempts of each job before it is dead")
        Integer maxAttempts;

        @Option(names = "--timeout", paramLabel = "DURATION", description = "Interrupt each attempt after this long, e.g. 30s")
        String timeout;

        @Option(names = "--active-deadline", paramLabel = "DURATION",
                description = "End the whole run dead (DeadlineExceeded) this long after its first start, across all attempts, e.g. 5m")
        String activeDeadline;

        @Option(names = "--retention", paramLabel = "DURATION",
                description = "Delete the finished job and its attempts this long after it finished, e.g. 1d (default: keep it)")
        String retention;

        @Option(names = "--label", paramLabel = "KEY=VALUE", description = "A label of its jobs (repeatable)")
        Map<String, String> labels = new LinkedHashMap<>();

        @Option(names = "--time-zone", paramLabel = "ZONE", description = "IANA time zone of the spec, e.g. Europe/Berlin (default: UTC)")
        String timeZone;

        @Option(names = "--overlap", paramLabel = "POLICY", description = "When the previous run is unfinished: allow (default), forbid, replace, buffer_one")
        String overlap;

        @Option(names = "--jitter", paramLabel = "DURATION", description = "Start each run up to this long after its time")
        String jitter;

        @Option(names = "--starting-deadline-seconds", paramLabel = "N", description = "A fire found later than this is recorded as missed")
        Integer startingDeadlineSeconds;

        @Option(names = "--suspend", description = "Create it suspended")
        boolean suspend;

        @Override
        protected int run(TockClient client, Printer printer) {
            ObjectNode body = Jsons.JSON.createObjectNode().put("schedule", schedule);
            JobsCommand.putIfSet(body, "timeZone", timeZone);
            if ((type == null) == (workflow == null)) {
                throw new UsageException("give --type TYPE (a job per fire) or --workflow NAME (a workflow run per fire), one of them");
            }
            if (workflow != null) {
                requireNoJobOptions();
                body.put("workflow", workflow).set("inputs", WorkflowsCommand.Run.inputs(inputs));
            } else if (!inputs.isEmpty()) {
                throw new UsageException("--input goes with --workflow; a job's data is its --payload");
            } else {
                putTemplate(body.putObject("jobTemplate").put("type", type));
            }
            JobsCommand.putIfSet(body, "overlap", overlap);
            JobsCommand.putIfSet(body, "jitter", jitter);
            if (startingDeadlineSeconds != null) {
                body.put("startingDeadlineSeconds", startingDeadlineSeconds);
            }
            if (suspend) {
                body.put("suspend", true);
            }
            if (client.find(path()).isPresent()) {
                throw new ApiException(409, "Already exists", "schedule " + name + " already exists in namespace " + namespace()
                        + "; delete it first, or manage it with tock apply", Optional.empty());
            }
            printer.done(ref("schedule", name) + " created", client.put(path(), body).body());
            return ExitCode.OK;
        }

        /** The starter of a workflow run has the default job settings; the job options shape --type's jobs. */
        private void requireNoJobOptions() {
            if (payload != null || payloadFile != null || queue != null || priority != null || maxAttempts != null || timeout != null
                    || activeDeadline != null || retention != null || !labels.isEmpty()) {
                throw new UsageException("--payload, --queue, --priority, --max-attempts, --timeout, --active-deadline, --retention and"
                        + " --label shape the jobs of --type; with --workflow, each step's settings are in the workflow");
            }
        }

        private void putTemplate(ObjectNode template) {
            Optional.ofNullable(CommandLineValues.payload(payload, payloadFile, System.in)).ifPresent(p -> template.set("payload", p));
            JobsCommand.putIfSet(template, "queue", queue);
            if (priority != null) {
                template.put("priority", priority);
            }
            if (maxAttempts != null) {
                template.putObject("retry").put("maxAttempts", maxAttempts);
            }
            JobsCommand.putIfSet(template, "timeout", timeout);
            JobsCommand.putIfSet(template, "activeDeadline", activeDeadline);
            JobsCommand.putIfSet(template, "retention", retention);
            if (!labels.isEmpty()) {
                template.set("labels", Jsons.JSON.valueToTree(labels));
            }
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a schedule and its fire records; its jobs stay.")
    public static final class Delete extends Named {
        @Override
        protected int run(TockClient client, Printer printer) {
            client.delete(path());
            printer.done(ref("schedule", name) + " deleted", null);
            return ExitCode.OK;
        }
    }

    @Command(name = "suspend", mixinStandardHelpOptions = true, description = "Stops firing; times passed while suspended are not fired later.")
    public static final class Suspend extends Named {
        @Override
        protected int run(TockClient client, Printer printer) {
            printer.done(ref("schedule", name) + " suspended", client.post(path() + "/suspend", null).body());
            return ExitCode.OK;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Fires again, from now on.")
    public static final class Resume extends Named {
        @Override
        protected int run(TockClient client, Printer printer) {
            printer.done(ref("schedule", name) + " resumed", client.post(path() + "/resume", null).body());
            return ExitCode.OK;
        }
    }

    @Command(name = "trigger", mixinStandardHelpOptions = true,
            description = {"Fires now, by hand, under the schedule's overlap policy.",
                    "When the policy skips the run (forbid while a run is active, buffer_one while one already waits), "
                            + "it says so and why, and exits 1. With --bypass-overlap it always runs, as kubectl create "
                            + "job --from=cronjob does."})
    public static final class Trigger extends Named {
        /** The states of a schedule's job that count as an active run for its overlap policy. */
        private static final String ACTIVE_STATES = "scheduled,ready,running,failed";
        private static final int SHOWN_RUNS = 3;

        @Option(names = "--bypass-overlap", description = "Run even when the overlap policy would skip the run")
        boolean bypassOverlap;

        @Override
        protected int run(TockClient client, Printer printer) {
            JsonNode run = client.post(path() + "/trigger", Map.of("bypassOverlap", bypassOverlap)).body();
            printer.print(run, Views.RUN);
            if (!"skipped".equals(run.path("outcome").asText())) {
                return ExitCode.OK;
            }
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: " + ref("schedule", name) + " was not run: " + whySkipped(client)
                    + "; run it anyway with --bypass-overlap");
            err.flush();
            return ExitCode.REFUSED;
        }

        /** The overlap policy and the runs that made it skip this one, read back from the server. */
        private String whySkipped(TockClient client) {
            String overlap = client.get(path()).path("overlap").asText("");
            List<String> active = new ArrayList<>();
            client.get(Query.of().add("schedule", name).add("state", ACTIVE_STATES).add("limit", SHOWN_RUNS)
                    .on(ApiPaths.jobs(namespace()))).path("jobs")
                    .forEach(job -> active.add("job " + job.path("id").asText() + ", " + job.path("state").asText()));
            String runs = active.isEmpty() ? "" : " (" + String.join("; ", active) + ")";
            return switch (overlap) {
                case "forbid" -> "its overlap policy forbid skips a run while an earlier one is active" + runs;
                case "buffer_one" -> "its overlap policy buffer_one skips a run while one already waits for the active one" + runs;
                default -> "it was skipped (overlap policy " + overlap + ")" + runs;
            };
        }
    }

    @Command(name = "backfill", mixinStandardHelpOptions = true,
            description = "Runs now every nominal time in [--from, --to) that never fired (skipped, missed or coalesced ones too).")
    public static final class Backfill extends Named {
        @Option(names = "--from", required = true, paramLabel = "TIME", description = "Start of the range, RFC 3339 (required)")
        String from;

        @Option(names = "--to", required = true, paramLabel = "TIME", description = "End of the range, RFC 3339, not after now (required)")
        String to;

        @Option(names = "--overlap", paramLabel = "POLICY", description = "Overlap policy of these runs: allow (default), forbid, replace, buffer_one")
        String overlap;

        @Override
        protected int run(TockClient client, Printer printer) {
            ObjectNode body = Jsons.JSON.createObjectNode().put("from", from).put("to", to);
            JobsCommand.putIfSet(body, "overlap", overlap);
            printer.print(client.post(path() + "/backfill", body).body(), Views.RUNS);
            return ExitCode.OK;
        }
    }

    @Command(name = "preview", mixinStandardHelpOptions = true, description = "Shows the next fire times, in UTC and in the schedule's zone.")
    public static final class Preview extends Named {
        @Option(names = "--count", paramLabel = "N", description = "How many, 1-100 (default: 5)")
        Integer count;

        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(Query.of().add("count", count).on(path() + "/preview")), Views.PREVIEW);
            return ExitCode.OK;
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true,
            description = "Lists the latest fire records, newest first: outcome (fired, skipped, missed, coalesced), job, job state.")
    public static final class Runs extends Named {
        @Option(names = "--limit", paramLabel = "N", description = "How many, 1-500 (default: 20)")
        Integer limit;

        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(Query.of().add("limit", limit).on(path() + "/runs")), Views.RUNS);
            return ExitCode.OK;
        }
    }
}
