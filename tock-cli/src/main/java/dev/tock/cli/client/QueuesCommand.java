package dev.tock.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tock queues}: concurrency limits, pausing, job counts per queue. */
@Command(name = "queues", mixinStandardHelpOptions = true,
        description = "List queues with their job counts, set their concurrency limit, pause, resume and delete them.",
        subcommands = {QueuesCommand.ListQueues.class, QueuesCommand.Get.class, QueuesCommand.Set.class,
                QueuesCommand.Pause.class, QueuesCommand.Resume.class, QueuesCommand.Delete.class})
public final class QueuesCommand extends ClientCommand.Group {

    /** A command about one queue, named by the first parameter. */
    abstract static class Named extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Queue name")
        String name;

        String path() {
            return ApiPaths.queue(namespace(), name);
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists the queues that have settings or jobs: limit, paused, jobs per state, start lag.")
    public static final class ListQueues extends ClientCommand {
        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(ApiPaths.queues(namespace())), Views.QUEUES);
            return ExitCode.OK;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows one queue: settings, jobs per state, start lag.")
    public static final class Get extends Named {
        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(path()), Views.QUEUE);
            return ExitCode.OK;
        }
    }

    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Creates or updates a queue's settings; settings not given keep their current value."})
    public static final class Set extends Named {
        @Option(names = "--max-running", paramLabel = "N", description = "How many of its jobs may run at once across the cluster")
        Integer maxRunning;

        @Option(names = "--no-limit", description = "Remove the concurrency limit")
        boolean noLimit;

        @Option(names = "--paused", paramLabel = "true|false", arity = "1", description = "Pause (true) or resume (false) the queue")
        Boolean paused;

        @Option(names = "--per-key-max-running", paramLabel = "N",
                description = "How many jobs of one concurrency key may run at once across the cluster")
        Integer perKeyMaxRunning;

        @Option(names = "--per-key-limit", paramLabel = "KEY=N", description = "A key's own running limit (repeatable)")
        java.util.Map<String, Integer> perKeyLimits;

        @Option(names = "--rate", paramLabel = "N/s|N/m|N/h", description = "How fast the queue may start jobs, e.g. 100/s")
        String rate;

        @Option(names = "--burst", paramLabel = "N", description = "Starts allowed back to back under --rate (default 1)")
        Integer burst;

        @Option(names = "--per-key-rate", paramLabel = "N/s|N/m|N/h", description = "How fast each key may start jobs, e.g. 10/s")
        String perKeyRate;

        @Option(names = "--per-key-burst", paramLabel = "N", description = "Starts allowed back to back under --per-key-rate (default 1)")
        Integer perKeyBurst;

        @Option(names = "--fair", paramLabel = "true|false", arity = "1",
                description = "Weighted round-robin across keys with due jobs (true) or lease order across keys (false)")
        Boolean fair;

        @Option(names = "--weight", paramLabel = "KEY=N", description = "A key's weight under --fair (default 1; repeatable)")
        java.util.Map<String, Integer> weights;

        @Option(names = "--no-key-sharing", description = "Remove per-key limits, rate limits and fairness")
        boolean noKeySharing;

        @Override
        protected int run(TockClient client, Printer printer) {
            if (noLimit && maxRunning != null) {
                throw new UsageException("--max-running and --no-limit cannot be given together");
            }
            JsonNode current = client.find(path()).orElse(Jsons.JSON.createObjectNode());
            ObjectNode body = Jsons.JSON.createObjectNode();
            Integer limit = noLimit ? null : maxRunning != null ? maxRunning
                    : current.hasNonNull("maxRunning") ? current.get("maxRunning").asInt() : null;
            if (limit != null) {
                body.put("maxRunning", limit);
            }
            if (paused != null) {
                body.put("paused", paused);
            }
            keySharing(current, body);
            TockClient.Reply reply = client.put(path(), body);
            printer.done(ref("queue", name) + (reply.created() ? " created" : " configured"), reply.body());
            return ExitCode.OK;
        }

        /** The key sharing settings: the current ones, changed by the options given. */
        private void keySharing(JsonNode current, ObjectNode body) {
            if (!noKeySharing) {
                for (String field : new String[] {"perKeyMaxRunning", "perKeyLimits", "rateLimit", "perKeyRate", "fairness"}) {
                    if (current.hasNonNull(field)) {
                        body.set(field, current.get(field));
                    }
                }
            }
            if (perKeyMaxRunning != null) {
                body.put("perKeyMaxRunning", perKeyMaxRunning);
            }
            if (perKeyLimits != null) {
                ObjectNode limits = body.has("perKeyLimits") ? (ObjectNode) body.get("perKeyLimits") : body.putObject("perKeyLimits");
                perKeyLimits.forEach(limits::put);
            }
            rate(body, "rateLimit", rate, burst, "--rate");
            rate(body, "perKeyRate", perKeyRate, perKeyBurst, "--per-key-rate");
            if (Boolean.FALSE.equals(fair)) {
                body.remove("fairness");
            } else if (Boolean.TRUE.equals(fair) || weights != null) {
                ObjectNode fairness = body.has("fairness") ? (ObjectNode) body.get("fairness") : body.putObject("fairness");
                fairness.put("by", "key");
                if (weights != null) {
                    ObjectNode w = fairness.has("weights") && fairness.get("weights").isObject()
                            ? (ObjectNode) fairness.get("weights") : fairness.putObject("weights");
                    weights.forEach(w::put);
                }
            }
        }

        private static void rate(ObjectNode body, String field, String rate, Integer burst, String option) {
            if (rate == null && burst == null) {
                return;
            }
            if (rate == null && !body.has(field)) {
                throw new UsageException(option + " is needed with its burst");
            }
            ObjectNode limit = body.has(field) ? ((ObjectNode) body.get(field)).deepCopy() : Jsons.JSON.createObjectNode();
            if (rate != null) {
                limit.put("rate", rate);
            }
            if (burst != null) {
                limit.put("burst", burst);
            }
            body.set(field, limit);
        }
    }

    @Command(name = "pause", mixinStandardHelpOptions = true, description = "Pauses a queue: its jobs wait, running ones finish.")
    public static final class Pause extends Named {
        @Override
        protected int run(TockClient client, Printer printer) {
            printer.done(ref("queue", name) + " paused", client.post(path() + "/pause", null).body());
            return ExitCode.OK;
        }
    }

    @Command(name = "resume", mixinStandardHelpOptions = true, description = "Resumes a paused queue.")
    public static final class Resume extends Named {
        @Override
        protected int run(TockClient client, Printer printer) {
            printer.done(ref("queue", name) + " resumed", client.post(path() + "/resume", null).body());
            return ExitCode.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes a queue's settings; refused while it holds unfinished jobs.")
    public static final class Delete extends Named {
        @Override
        protected int run(TockClient client, Printer printer) {
            client.delete(path());
            printer.done(ref("queue", name) + " deleted", null);
            return ExitCode.OK;
        }
    }
}
