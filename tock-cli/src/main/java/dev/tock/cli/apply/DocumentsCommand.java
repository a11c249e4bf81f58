package dev.tock.cli.apply;

import dev.tock.cli.client.ClientCommand;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** A command over YAML documents: {@code -f} files or directories, and the apply set they form. */
abstract class DocumentsCommand extends ClientCommand {

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE|DIR",
            description = "YAML file (documents separated by ---), directory of *.yaml and *.yml files, or - for standard input; "
                    + "repeatable")
    List<Path> paths;

    @Mixin
    KubernetesOptions kubernetes = new KubernetesOptions();

    @Option(names = "--apply-set", paramLabel = "NAME",
            description = "Name of the group of objects these files manage, which --prune prunes within "
                    + "(default: derived from the absolute paths of -f; give one in CI, where checkouts move)")
    String applySet;

    /** The documents of every path, checked; none is applied when any is invalid. */
    List<Document> documents() {
        KubernetesStream stream = kubernetes.read(DocumentReader.read(paths));
        java.io.PrintWriter err = spec.commandLine().getErr();
        stream.notes().forEach(n -> err.println("note: " + n));
        stream.warnings().forEach(w -> err.println("warning: " + w));
        err.flush();
        if (!stream.problems().isEmpty()) {
            throw new InvalidDocumentsException(stream.problems());
        }
        if (stream.documents().isEmpty()) {
            throw new dev.tock.cli.client.UsageException("no documents to apply: every document was left out");
        }
        return new DocumentValidator(namespace()).validate(stream.raws());
    }

    String applySetName() {
        return ApplySetName.of(applySet, paths);
    }
}
