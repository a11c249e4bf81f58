package dev.tock.cli.apply;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.cli.client.ExitCode;
import dev.tock.cli.client.Jsons;
import dev.tock.cli.client.OutputFormat;
import dev.tock.cli.client.Printer;
import dev.tock.cli.client.TockClient;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tock apply -f FILE|DIR}: makes the server's namespaces, secrets, queues, schedules and jobs what the documents declare. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = {"Creates or updates the namespaces, secrets, queues and schedules that YAML documents declare, and "
                        + "enqueues their jobs once.",
                "Each document reads:",
                "  apiVersion: tock/v1",
                "  kind: Namespace | Secret | AlertChannel | Queue | Schedule | Monitor | AlertRule | Workflow | Job",
                "  metadata: {name: NAME, namespace: NS (default: -n; none for a Namespace), labels: {...} (jobs only)}",
                "  spec: the REST API's JSON body of that kind (a Namespace has none; a Secret has stringData or data; a Workflow has steps)",
                "Every document is checked first; when any is invalid nothing is applied. Namespaces are applied first, "
                        + "then secrets, alert channels, queues, schedules, monitors, alert rules, workflows and jobs. Only what differs is changed, so re-applying unchanged "
                        + "files changes nothing. A Secret is compared by the version the server computes for its values, "
                        + "never by reading them. A Job is enqueued once (its idempotency key comes from its namespace and "
                        + "name) and cannot be updated: a changed Job document is refused before any change. With --prune, "
                        + "workflows, schedules, queues, secrets, monitors, alert rules and channels that an earlier apply of the same apply set created, and that are no "
                        + "longer in the files, are deleted; namespaces and objects made by other means are never pruned.",
                "Prints KIND/NAMESPACE/NAME created|configured|unchanged|pruned for each object."})
public final class ApplyCommand extends DocumentsCommand {

    @Option(names = "--dry-run", description = "Print what would change, change nothing")
    boolean dryRun;

    @Option(names = "--prune",
            description = "Delete the workflows, schedules, queues and secrets this apply set created that are no longer in the files")
    boolean prune;

    @Override
    protected int run(TockClient client, Printer printer) {
        List<Document> documents = documents();
        String set = applySetName();
        Plan plan = new Planner(client, set).plan(documents, prune);
        refuseImmutableChanges(plan);
        List<Applier.Result> results = new ArrayList<>();
        int failed = new Applier(client, set, result -> {
            results.add(result);
            if (printer.format() == OutputFormat.TABLE) {
                printer.done(result.line(), null);
            }
        }).apply(plan, dryRun);
        if (printer.format() != OutputFormat.TABLE) {
            printer.print(summary(set, results), null);
        }
        if (failed > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("error: " + failed + (failed == 1 ? " object" : " objects") + " could not be pruned; the rest was applied");
            err.flush();
            return ExitCode.REFUSED;
        }
        return ExitCode.OK;
    }

    /** A submitted Job cannot be updated: a document that changes one fails the apply before any change. */
    private static void refuseImmutableChanges(Plan plan) {
        List<String> problems = plan.immutable().stream().map(change -> change.immutableFieldsChanged()
                + ": a submitted job cannot be updated; to submit a new job, give the document a new metadata.name; "
                + "to keep the job, restore the document (tock diff shows the change)").toList();
        if (!problems.isEmpty()) {
            throw new InvalidDocumentsException(problems);
        }
    }

    private ObjectNode summary(String set, List<Applier.Result> results) {
        ObjectNode body = Jsons.JSON.createObjectNode().put("applySet", set).put("dryRun", dryRun);
        ArrayNode list = body.putArray("results");
        for (Applier.Result r : results) {
            ObjectNode item = list.addObject().put("object", r.object()).put("outcome", r.outcome());
            if (r.error() != null) {
                item.put("error", r.error());
            }
        }
        return body;
    }
}
