package dev.tock.cli.client;

import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code tock namespaces}: list and create namespaces. */
@Command(name = "namespaces", mixinStandardHelpOptions = true, description = "List and create namespaces.",
        subcommands = {NamespacesCommand.ListNamespaces.class, NamespacesCommand.Create.class})
public final class NamespacesCommand extends ClientCommand.Group {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists every namespace.")
    public static final class ListNamespaces extends ClientCommand {
        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(ApiPaths.namespaces()), Views.NAMESPACES);
            return ExitCode.OK;
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Creates a namespace; one that exists is left as it is.")
    public static final class Create extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "Namespace name: lower-case letters, digits and '-'")
        String name;

        @Override
        protected int run(TockClient client, Printer printer) {
            TockClient.Reply reply = client.post(ApiPaths.namespaces(), Map.of("name", name));
            printer.done("namespace/" + name + (reply.created() ? " created" : " unchanged (it exists)"), reply.body());
            return ExitCode.OK;
        }
    }
}
