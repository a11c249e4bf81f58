package dev.tock.cli.apply;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.cli.client.ExitCode;
import dev.tock.cli.client.Jsons;
import dev.tock.cli.client.OutputFormat;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tock import -f FILE|DIR}: the tock/v1 documents equivalent to Kubernetes CronJob and Job manifests, for review. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Prints the tock/v1 Schedule and Job documents that do the work of batch/v1 CronJob and Job manifests, "
                        + "for review before tock apply; it talks to no server.",
                "Each document is preceded by comments naming the manifest it came from and every field Tock cannot honour. "
                        + "Other Kubernetes objects (a Deployment, a Service) are left out with a note on standard error; tock/v1 "
                        + "documents are printed as they are. tock apply -f takes the same manifests directly.",
                "Example: kubectl kustomize overlays/production | tock import -f - > tock/jobs.yaml."})
public final class ImportCommand implements Callable<Integer> {

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE|DIR",
            description = "YAML file, directory of *.yaml and *.yml files, or - for standard input; repeatable")
    List<Path> paths;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "yaml", converter = OutputFormat.Converter.class,
            description = "yaml (the default: documents separated by ---, with comments) or json (documents, warnings and notes)")
    OutputFormat output;

    @Mixin
    KubernetesOptions kubernetes = new KubernetesOptions();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        KubernetesStream stream = kubernetes.read(DocumentReader.read(paths));
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        stream.notes().forEach(n -> err.println("note: " + n));
        if (!stream.problems().isEmpty()) {
            stream.problems().forEach(p -> err.println("error: " + p));
            err.println("error: nothing was imported (" + stream.problems().size() + (stream.problems().size() == 1 ? " problem)" : " problems)"));
            err.flush();
            return ExitCode.REFUSED;
        }
        if (output == OutputFormat.JSON) {
            out.println(Jsons.prettyJson(json(stream)));
        } else {
            out.print(yaml(stream));
        }
        if (!stream.warnings().isEmpty()) {
            err.println("warning: " + stream.warnings().size() + " field(s) Tock cannot honour, listed above each document");
        }
        out.flush();
        err.flush();
        return ExitCode.OK;
    }

    private static String yaml(KubernetesStream stream) {
        StringBuilder text = new StringBuilder();
        for (KubernetesStream.Translated doc : stream.documents()) {
            if (!text.isEmpty()) {
                text.append("---\n");
            }
            if (doc.from() != null) {
                text.append("# from ").append(doc.raw().file()).append(": document ").append(doc.raw().index()).append(" (")
                        .append(doc.from()).append(")\n");
            }
            doc.warnings().forEach(w -> text.append("# warning: ").append(w.field()).append(": ").append(w.message()).append('\n'));
            text.append(Jsons.yaml(doc.raw().tree()));
        }
        return text.toString();
    }

    private static ObjectNode json(KubernetesStream stream) {
        ObjectNode body = Jsons.JSON.createObjectNode();
        ArrayNode documents = body.putArray("documents");
        stream.documents().forEach(d -> documents.add(d.raw().tree()));
        ArrayNode warnings = body.putArray("warnings");
        stream.warnings().forEach(warnings::add);
        ArrayNode notes = body.putArray("notes");
        stream.notes().forEach(notes::add);
        return body;
    }
}
