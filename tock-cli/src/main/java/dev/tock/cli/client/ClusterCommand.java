package dev.tock.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import picocli.CommandLine.Command;

/** {@code tock cluster}: the nodes sharing the server's store. */
@Command(name = "cluster", mixinStandardHelpOptions = true,
        description = {"Shows the nodes sharing the server's store: roles, version, start, last heartbeat.",
                "A node silent for a few heartbeat intervals is likely gone."})
public final class ClusterCommand extends ClientCommand {

    @Override
    protected int run(TockClient client, Printer printer) {
        JsonNode cluster = client.get(ApiPaths.cluster());
        if (printer.format() == OutputFormat.TABLE) {
            spec.commandLine().getOut().printf("server %s, node %s, version %s%n", client.server(),
                    cluster.path("node").asText(), cluster.path("version").asText());
        }
        printer.print(cluster, Views.NODES);
        return ExitCode.OK;
    }
}
