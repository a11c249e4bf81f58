package dev.tock.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tock get KIND [NAME]}: any kind of resource, one or all, the way kubectl shows them. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Shows resources of one kind: all of them, or the one named.",
                "KIND: jobs (job), schedules (schedule), queues (queue), namespaces (namespace, ns), nodes (node)."})
public final class GetCommand extends ClientCommand {

    @Parameters(index = "0", paramLabel = "KIND", completionCandidates = Kinds.class, description = "What to show: ${COMPLETION-CANDIDATES}")
    String kind;

    @Parameters(index = "1", arity = "0..1", paramLabel = "NAME", description = "The one to show (a job id for jobs)")
    String name;

    @Option(names = "--limit", paramLabel = "N", description = "jobs: how many of the newest to list, 1-500 (default: 50)")
    Integer limit;

    /** The kinds, by their plural name. */
    static final class Kinds implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("jobs", "schedules", "queues", "namespaces", "nodes").iterator();
        }
    }

    @Override
    protected int run(TockClient client, Printer printer) {
        String ns = namespace();
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "jobs", "job" -> printer.print(name == null ? client.get(Query.of().add("limit", limit).on(ApiPaths.jobs(ns)))
                    : client.get(ApiPaths.job(ns, name)), name == null ? Views.JOBS : Views.JOB);
            case "schedules", "schedule" -> printer.print(client.get(name == null ? ApiPaths.schedules(ns) : ApiPaths.schedule(ns, name)),
                    name == null ? Views.SCHEDULES : Views.SCHEDULE);
            case "queues", "queue" -> printer.print(client.get(name == null ? ApiPaths.queues(ns) : ApiPaths.queue(ns, name)),
                    name == null ? Views.QUEUES : Views.QUEUE);
            case "namespaces", "namespace", "ns" -> printer.print(client.get(name == null ? ApiPaths.namespaces() : ApiPaths.namespace(name)),
                    name == null ? Views.NAMESPACES : Views.NAMESPACE);
            case "nodes", "node" -> printNodes(client, printer);
            default -> throw new UsageException("unknown kind \"" + kind + "\"; use one of jobs, schedules, queues, namespaces, nodes");
        }
        return ExitCode.OK;
    }

    private void printNodes(TockClient client, Printer printer) {
        JsonNode cluster = client.get(ApiPaths.cluster());
        if (name == null) {
            printer.print(cluster, Views.NODES);
            return;
        }
        Optional<JsonNode> node = Optional.empty();
        for (JsonNode n : cluster.path("nodes")) {
            if (name.equals(n.path("id").asText())) {
                node = Optional.of(n);
            }
        }
        printer.print(node.orElseThrow(() -> new ApiException(404, "Not found", "node " + name + " is not part of the cluster",
                Optional.empty())), Views.NODE);
    }
}
