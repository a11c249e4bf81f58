package dev.tock.cli.client;

import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tock completion bash}: the shell completion script of the whole command tree. */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = {"Prints a shell completion script for tock.",
                "Load it in the current shell, or save it as /etc/bash_completion.d/tock:",
                "  source <(tock completion bash)",
                "It works in zsh too, after:",
                "  autoload -U +X compinit && compinit && autoload -U +X bashcompinit && bashcompinit"})
public final class CompletionCommand implements Callable<Integer> {

    @Parameters(paramLabel = "SHELL", completionCandidates = Shells.class, description = "The shell: ${COMPLETION-CANDIDATES}")
    String shell;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    static final class Shells implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("bash").iterator();
        }
    }

    @Override
    public Integer call() {
        if (!shell.equals("bash")) {
            throw new UsageException("unknown shell \"" + shell + "\"; only bash is supported (zsh loads it through bashcompinit)");
        }
        CommandLine root = spec.root().commandLine();
        spec.commandLine().getOut().print(AutoComplete.bash(root.getCommandName(), root));
        spec.commandLine().getOut().flush();
        return ExitCode.OK;
    }
}
