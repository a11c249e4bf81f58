package dev.tock.cli.apply;

import dev.tock.cli.client.ExitCode;
import dev.tock.cli.client.FailsAboveOne;
import dev.tock.cli.client.Jsons;
import dev.tock.cli.client.Printer;
import dev.tock.cli.client.TockClient;
import java.io.PrintWriter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tock diff -f FILE|DIR}: what {@code tock apply} would change, as a unified diff per object. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Shows what tock apply would change: a unified diff per object between its spec on the server "
                + "(live) and in the documents (desired), as YAML. A Job is compared with the job it enqueued: a "
                + "difference is an immutable field changed, which tock apply refuses.",
                "Exit code 0: no differences; 1: differences; 2 or more: an error (as kubectl diff)."})
public final class DiffCommand extends DocumentsCommand implements FailsAboveOne {

    @Option(names = "--prune", description = "Also show what tock apply --prune would delete")
    boolean prune;

    @Override
    protected int run(TockClient client, Printer printer) {
        Plan plan = new Planner(client, applySetName()).plan(documents(), prune);
        PrintWriter out = spec.commandLine().getOut();
        for (Change change : plan.changes()) {
            if (change.action() == Change.Action.IMMUTABLE) {
                out.println(change.immutableFieldsChanged() + ": a submitted job cannot be updated, tock apply refuses this document");
            }
            if (change.action() != Change.Action.UNCHANGED) {
                String live = change.live() == null ? "" : Jsons.yaml(change.live());
                String desired = change.desired() == null ? "" : Jsons.yaml(change.desired());
                out.print(UnifiedDiff.of(change.ref() + " (live)", change.ref() + " (desired)", live, desired));
            }
        }
        out.flush();
        return plan.hasDifferences() ? ExitCode.REFUSED : ExitCode.OK;
    }
}
