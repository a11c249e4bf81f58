package dev.tock.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tock} command: entry point of the command-line tool. */
@Command(name = "tock", mixinStandardHelpOptions = true, versionProvider = TockCommand.Version.class,
        description = "Tock: a durable, distributed job scheduler.",
        subcommands = {ServerCommand.class, MigrateCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class TockCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code, without exiting. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line; tests set its output writers. */
    public static CommandLine commandLine() {
        return new CommandLine(new TockCommand()).setExecutionExceptionHandler(new ErrorReporter());
    }

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The version from the jar's manifest, or "dev" when run from classes. */
    static String version() {
        String v = TockCommand.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"tock " + version()};
        }
    }
}
