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
            TockClient.Reply reply = client.put(path(), body);
            printer.done(ref("queue", name) + (reply.created() ? " created" : " configured"), reply.body());
            return ExitCode.OK;
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
