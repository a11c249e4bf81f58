package dev.tock.cli.client;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** A command that talks to a Tock server: takes the {@link ClientOptions}, opens a client, prints the answer. */
public abstract class ClientCommand implements Callable<Integer> {

    @Mixin
    ClientOptions options = new ClientOptions();

    @CommandLine.Spec
    protected CommandLine.Model.CommandSpec spec;

    @Override
    public final Integer call() {
        try (TockClient client = TockClient.connect(options.server(), options.token())) {
            return run(client, new Printer(spec.commandLine().getOut(), spec.commandLine().getErr(), options.output(),
                    options.namespace()));
        }
    }

    /** Does the command's work; returns the exit code. */
    protected abstract int run(TockClient client, Printer printer);

    protected String namespace() {
        return options.namespace();
    }

    /** {@code kind/namespace/name}, how changes are reported. */
    protected String ref(String kind, String name) {
        return kind + "/" + namespace() + "/" + name;
    }

    /** A group of subcommands: run alone, it prints its usage. */
    public abstract static class Group implements Runnable {
        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            spec.commandLine().usage(spec.commandLine().getOut());
        }
    }
}
