package dev.tock.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tock workflows}: define workflows, start runs with inputs, follow, cancel and retry them. */
@Command(name = "workflows", mixinStandardHelpOptions = true,
        description = {"Define workflows (steps joined by needs, with conditions, fan-out per item and fan-in), start runs "
                + "with inputs, and follow, cancel or retry them. Each step instance is an ordinary job. See docs/workflows.md."},
        subcommands = {WorkflowsCommand.Apply.class, WorkflowsCommand.ListWorkflows.class, WorkflowsCommand.Get.class,
                WorkflowsCommand.Delete.class, WorkflowsCommand.Run.class, WorkflowsCommand.Runs.class, WorkflowsCommand.GetRun.class,
                WorkflowsCommand.Wait.class, WorkflowsCommand.Cancel.class, WorkflowsCommand.Retry.class})
public final class WorkflowsCommand extends ClientCommand.Group {

    /** A command about one workflow, named by the first parameter. */
    abstract static class Named extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Workflow name")
        String name;

        String path() {
            return ApiPaths.workflow(namespace(), name);
        }
    }

    /** A command about one run, named by its id. */
    abstract static class OneRun extends ClientCommand {
        @Parameters(index = "0", paramLabel = "RUN", description = "Run id")
        String id;

        String path() {
            return ApiPaths.workflowRun(namespace(), id);
        }
    }

    @Command(name = "apply", mixinStandardHelpOptions = true,
            description = {"Creates or replaces the workflows a YAML file declares (kind: Workflow, metadata.name, spec); "
                    + "runs already started keep their definition. tock apply does the same beside other kinds."})
    public static final class Apply extends ClientCommand {
        @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE", description = "YAML file; - reads standard input")
        String file;

        @Override
        protected int run(TockClient client, Printer printer) {
            for (JsonNode doc : documents()) {
                if (!"Workflow".equals(doc.path("kind").asText())) {
                    throw new UsageException(file + ": every document must be kind: Workflow (tock apply takes the other kinds)");
                }
                String name = doc.path("metadata").path("name").asText("");
                String ns = doc.path("metadata").path("namespace").asText(namespace());
                if (name.isEmpty()) {
                    throw new UsageException(file + ": a Workflow document needs metadata.name");
                }
                ObjectNode body = Jsons.JSON.createObjectNode();
                body.set("spec", doc.path("spec"));
                TockClient.Reply reply = client.put(ApiPaths.workflow(ns, name), body);
                String outcome = reply.created() ? "created" : reply.body().path("changed").asBoolean(true) ? "configured" : "unchanged";
                printer.done("workflow/" + ns + "/" + name + " " + outcome, reply.body());
            }
            return ExitCode.OK;
        }

        private List<JsonNode> documents() {
            try {
                byte[] bytes = file.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(file));
                List<JsonNode> docs = new ArrayList<>();
                try (MappingIterator<JsonNode> it = Jsons.YAML.readerFor(JsonNode.class).readValues(bytes)) {
                    while (it.hasNext()) {
                        JsonNode doc = it.next();
                        if (doc != null && !doc.isNull() && !doc.isMissingNode()) {
                            docs.add(doc);
                        }
                    }
                }
                return docs;
            } catch (IOException e) {
                throw new UsageException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the namespace's workflows.")
    public static final class ListWorkflows extends ClientCommand {
        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(ApiPaths.workflows(namespace())), Views.WORKFLOWS);
            return ExitCode.OK;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows a workflow; -o yaml shows its spec with every default.")
    public static final class Get extends Named {
        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(path()), Views.WORKFLOW);
            return ExitCode.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a workflow; its runs stay.")
    public static final class Delete extends Named {
        @Override
        protected int run(TockClient client, Printer printer) {
            client.delete(path());
            printer.done(ref("workflow", name) + " deleted", null);
            return ExitCode.OK;
        }
    }

    @Command(name = "run", mixinStandardHelpOptions = true,
            description = "Starts a run. Each --input KEY=VALUE is read as JSON when it is JSON (3, true, [1,2]) and as text otherwise."
                    + " A workflow that declares its inputs (spec.inputs) refuses one it does not know and a missing required one,"
                    + " and fills in the defaults.")
    public static final class Run extends Named {
        @Option(names = "--input", paramLabel = "KEY=VALUE", description = "An input the steps read as {{inputs.KEY}} (repeatable)")
        List<String> inputs = new ArrayList<>();

        @Mixin
        RunWaitOptions waiting = new RunWaitOptions();

        @Override
        protected int run(TockClient client, Printer printer) {
            Optional<Duration> limit = waiting.limit();
            ObjectNode body = Jsons.JSON.createObjectNode();
            body.set("inputs", inputs(inputs));
            TockClient.Reply reply = client.post(path() + "/runs", body);
            String id = reply.body().path("id").asText();
            String run = ApiPaths.workflowRun(namespace(), id);
            return waiting.after(client, printer, "workflow run " + id + " started", reply.body(), run, id, limit);
        }

        /** The inputs of {@code --input KEY=VALUE} options as a JSON object (also for {@code tock schedules create --workflow}). */
        static ObjectNode inputs(List<String> pairs) {
            ObjectNode values = Jsons.JSON.createObjectNode();
            for (String pair : pairs) {
                int equals = pair.indexOf('=');
                if (equals <= 0) {
                    throw new UsageException("--input takes KEY=VALUE, e.g. --input target=10.0.1");
                }
                values.set(pair.substring(0, equals), value(pair.substring(equals + 1)));
            }
            return values;
        }

        private static JsonNode value(String text) {
            try {
                return Jsons.JSON.readTree(text);
            } catch (JsonProcessingException e) {
                return Jsons.JSON.getNodeFactory().textNode(text);
            }
        }
    }

    @Command(name = "runs", mixinStandardHelpOptions = true, description = "Lists a workflow's runs, newest first.")
    public static final class Runs extends Named {
        @Option(names = "--state", paramLabel = "STATE", description = "running, succeeded, failed or cancelled")
        String state;

        @Option(names = "--since", paramLabel = "TIME", description = "Only runs started at or after this time (RFC 3339)")
        String since;

        @Option(names = "--limit", paramLabel = "N", description = "At most this many (default 50)")
        Integer limit;

        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(Query.of().add("state", state).add("since", since).add("limit", limit).on(path() + "/runs")),
                    Views.WORKFLOW_RUNS);
            return ExitCode.OK;
        }
    }

    @Command(name = "get-run", mixinStandardHelpOptions = true,
            description = "Shows a run and each step instance; -o yaml shows its inputs, definition and outputs too.")
    public static final class GetRun extends OneRun {
        @Override
        protected int run(TockClient client, Printer printer) {
            JsonNode run = client.get(path());
            if (printer.format() == OutputFormat.TABLE) {
                printer.done("workflow run " + id + " of " + run.path("workflow").asText() + ": " + run.path("state").asText(), null);
                printer.print(run, Views.WORKFLOW_RUN);
            } else {
                printer.print(run, null);
            }
            return ExitCode.OK;
        }
    }

    @Command(name = "wait", mixinStandardHelpOptions = true,
            description = "Follows a run until it ends, a line per step as its state changes; exit 0 when it succeeded, 4 when it"
                    + " failed or was cancelled, 5 when --timeout passed first (the run goes on).")
    public static final class Wait extends OneRun {
        @Option(names = "--timeout", paramLabel = "DURATION", description = "Wait at most this long, e.g. 90s, 10m (default: until"
                + " the run ends)")
        String timeout;

        @Override
        protected int run(TockClient client, Printer printer) {
            return new RunWatcher(client, printer).await(path(), id, RunWaitOptions.parse(timeout, true));
        }
    }

    @Command(name = "cancel", mixinStandardHelpOptions = true,
            description = "Cancels a running run: running steps are cancelled, pending ones never start.")
    public static final class Cancel extends OneRun {
        @Override
        protected int run(TockClient client, Printer printer) {
            TockClient.Reply reply = client.post(path() + "/cancel", null);
            printer.done("workflow run " + id + " cancelled", reply.body());
            return ExitCode.OK;
        }
    }

    @Command(name = "retry", mixinStandardHelpOptions = true,
            description = "Retries a failed or cancelled run: only its dead or cancelled steps and the steps after them run again.")
    public static final class Retry extends OneRun {
        @Mixin
        RunWaitOptions waiting = new RunWaitOptions();

        @Override
        protected int run(TockClient client, Printer printer) {
            Optional<Duration> limit = waiting.limit();
            TockClient.Reply reply = client.post(path() + "/retry", null);
            return waiting.after(client, printer, "workflow run " + id + " retried", reply.body(), path(), id, limit);
        }
    }
}
