package dev.tock.cli;

import dev.tock.cli.apply.ApplyCommand;
import dev.tock.cli.apply.DiffCommand;
import dev.tock.cli.apply.ImportCommand;
import dev.tock.cli.client.ClusterCommand;
import dev.tock.cli.client.CompletionCommand;
import dev.tock.cli.client.GetCommand;
import dev.tock.cli.client.JobsCommand;
import dev.tock.cli.client.NamespacesCommand;
import dev.tock.cli.client.QueuesCommand;
import dev.tock.cli.client.SchedulesCommand;
import dev.tock.cli.client.SecretsCommand;
import dev.tock.cli.client.AlertsCommand;
import dev.tock.cli.client.MonitorsCommand;
import dev.tock.cli.client.WorkflowsCommand;
import dev.tock.cli.client.AuditCommand;
import dev.tock.cli.client.ClientOptions;
import dev.tock.cli.client.TokensCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tock} command: entry point of the command-line tool. */
@Command(name = "tock", mixinStandardHelpOptions = true, versionProvider = TockCommand.Version.class,
        description = {"Tock: a durable, distributed job scheduler.",
                "Client commands talk to a Tock server (--server, env TOCK_SERVER) in a namespace (-n) and print "
                        + "tables, or YAML or JSON with -o yaml|json.",
                "Exit codes: 0 done, 1 refused by the server (or tock diff found differences), 2 usage error, "
                        + "3 server not reachable."},
        subcommands = {ServerCommand.class, MigrateCommand.class, JobsCommand.class, SchedulesCommand.class, QueuesCommand.class,
                NamespacesCommand.class, SecretsCommand.class, AlertsCommand.class, MonitorsCommand.class, WorkflowsCommand.class,
                ClusterCommand.class, GetCommand.class, TokensCommand.class,
                AuditCommand.class,
                ApplyCommand.class, DiffCommand.class, ImportCommand.class,
                CompletionCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class TockCommand implements Runnable {

    /** Help is wrapped at this width: most terminals are wider than 80 columns, and option lists read better. */
    private static final int HELP_WIDTH = 100;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** {@code tock -n team-a jobs list}, as kubectl has it: client commands read it when they are given no -n of their own. */
    @CommandLine.Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            defaultValue = "${env:" + ClientOptions.NAMESPACE_VARIABLE + ":-" + ClientOptions.DEFAULT_NAMESPACE + "}",
            description = "Namespace of the client command that follows; its own -n wins (default: env TOCK_NAMESPACE, else default)")
    String namespace;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs the command line and returns the exit code, without exiting. */
    public static int execute(String... args) {
        return commandLine().execute(args);
    }

    /** The configured command line; tests set its output writers. */
    public static CommandLine commandLine() {
        CommandLine tock = new CommandLine(new TockCommand());
        // Declared here, not with their siblings: these open the store as a node does (NodeOptions, this
        // package), which the client commands never do.
        tock.getSubcommands().get("secrets").addSubcommand(new RotateKeyCommand());
        tock.getSubcommands().get("tokens").addSubcommand(new ResetAdminCommand());
        return tock.setExecutionExceptionHandler(new ErrorReporter()).setUsageHelpWidth(HELP_WIDTH);
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
