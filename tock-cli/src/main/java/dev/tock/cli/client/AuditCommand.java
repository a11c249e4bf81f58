package dev.tock.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tock audit}: the audit log of changes made through the API (needs an admin token for every namespace). */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Lists the audit log, newest first.",
                "Every change made through the API is there, with the token that made it, when, from which address, "
                        + "and the answer's status. Needs an admin token scoped to every namespace (*)."})
public final class AuditCommand extends ClientCommand {
    @Option(names = "--in", paramLabel = "NAMESPACE", description = "Only changes in this namespace (default: every namespace)")
    String in;

    @Option(names = "--by", paramLabel = "TOKEN", description = "Only changes made with this token (id or name)")
    String by;

    @Option(names = "--since", paramLabel = "TIME", description = "Only entries at or after this time (RFC 3339)")
    String since;

    @Option(names = "--limit", paramLabel = "N", description = "Entries per page, 1-500 (default: the server's, 50)")
    Integer limit;

    @Option(names = "--cursor", paramLabel = "CURSOR", description = "Start after this cursor (the nextCursor of an earlier page)")
    String cursor;

    @Option(names = "--all", description = "Follow the cursors: every matching entry")
    boolean all;

    @Override
    protected int run(TockClient client, Printer printer) {
        JsonNode page = client.get(query(cursor).on(PATH));
        if (all) {
            ArrayNode entries = Jsons.JSON.createArrayNode();
            entries.addAll((ArrayNode) page.path("entries"));
            while (page.hasNonNull("nextCursor")) {
                page = client.get(query(page.get("nextCursor").asText()).on(PATH));
                entries.addAll((ArrayNode) page.path("entries"));
            }
            ObjectNode merged = Jsons.JSON.createObjectNode();
            merged.set("entries", entries);
            page = merged;
        }
        printer.print(page, Views.AUDIT);
        if (printer.format() == OutputFormat.TABLE && page.hasNonNull("nextCursor")) {
            spec.commandLine().getErr().println("More entries: add --cursor " + page.get("nextCursor").asText() + ", or --all.");
            spec.commandLine().getErr().flush();
        }
        return ExitCode.OK;
    }

    private static final String PATH = "/v1/audit";

    private Query query(String from) {
        return Query.of().add("namespace", in).add("token", by).add("from", since).add("limit", limit).add("cursor", from);
    }
}
