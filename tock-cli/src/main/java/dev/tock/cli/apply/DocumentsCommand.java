package dev.tock.cli.apply;

import dev.tock.cli.client.ClientCommand;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Option;

/** A command over YAML documents: {@code -f} files or directories, and the apply set they form. */
abstract class DocumentsCommand extends ClientCommand {

    @Option(names = {"-f", "--filename"}, required = true, paramLabel = "FILE|DIR",
            description = "YAML file (documents separated by ---), or directory of *.yaml and *.yml files; repeatable")
    List<Path> paths;

    @Option(names = "--apply-set", paramLabel = "NAME",
            description = "Name of the group of objects these files manage, which --prune prunes within "
                    + "(default: derived from the absolute paths of -f; give one in CI, where checkouts move)")
    String applySet;

    /** The documents of every path, checked; none is applied when any is invalid. */
    List<Document> documents() {
        return new DocumentValidator(namespace()).validate(DocumentReader.read(paths));
    }

    String applySetName() {
        return ApplySetName.of(applySet, paths);
    }
}
