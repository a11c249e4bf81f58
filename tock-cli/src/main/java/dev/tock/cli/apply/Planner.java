package dev.tock.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.cli.client.ApiException;
import dev.tock.cli.client.ApiPaths;
import dev.tock.cli.client.Query;
import dev.tock.cli.client.TockClient;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Compares the documents with the server, changing nothing (a Secret is compared by a dry run), and says
 * what apply would change.
 */
final class Planner {
    private final TockClient client;
    private final Specs specs;
    private final String applySet;

    Planner(TockClient client, String applySet) {
        this.client = client;
        this.specs = new Specs(applySet);
        this.applySet = applySet;
    }

    /** The plan for these documents; with {@code prune}, also what the apply set created that left the files. */
    Plan plan(List<Document> documents, boolean prune) {
        documents.stream().map(Document::namespace).distinct().forEach(this::requireNamespace);
        List<Change> changes = new ArrayList<>();
        documents.stream().sorted(Comparator.comparing(Document::kind)).forEach(doc -> changes.add(planDocument(doc)));
        Set<String> namespaces = new TreeSet<>();
        documents.forEach(doc -> namespaces.add(doc.namespace()));
        if (prune) {
            client.get(ApiPaths.namespaces()).path("namespaces").forEach(ns -> namespaces.add(ns.path("name").asText()));
        }
        Map<String, Set<String>> inventories = new TreeMap<>();
        for (String ns : namespaces) {
            Inventory.read(client, ns, applySet).ifPresent(objects -> inventories.put(ns, objects));
        }
        Map<String, Set<String>> gone = new TreeMap<>();
        if (prune) {
            planPrunes(documents, inventories, changes, gone);
        }
        return new Plan(changes, inventories, gone);
    }

    /** A missing namespace fails the plan, before any change, rather than half-way through applying. */
    private void requireNamespace(String namespace) {
        if (client.find(ApiPaths.namespace(namespace)).isEmpty()) {
            throw new ApiException(404, "Not found", "namespace " + namespace + " does not exist; create it first with tock namespaces create "
                    + namespace + " (nothing was applied)", Optional.empty());
        }
    }

    private Change planDocument(Document doc) {
        if (doc.kind() == Kind.JOB) {
            Optional<JsonNode> job = appliedJob(doc.ref());
            JsonNode desired = specs.desired(doc, Optional.empty());
            return new Change(doc.ref(), job.isPresent() ? Change.Action.UNCHANGED : Change.Action.CREATE, Optional.of(doc),
                    job.orElse(null), desired);
        }
        Optional<JsonNode> live = liveSpec(doc.ref());
        JsonNode desired = doc.kind() == Kind.SECRET ? secretPreview(doc) : specs.desired(doc, live);
        Change.Action action = live.isEmpty() ? Change.Action.CREATE
                : live.get().equals(desired) ? Change.Action.UNCHANGED : Change.Action.CONFIGURE;
        return new Change(doc.ref(), action, Optional.of(doc), live.orElse(null), desired);
    }

    /**
     * The keys and version the document's values would have on the server: a dry run, which stores nothing.
     * Only the server holds the key that versions values, so only it can tell whether they changed.
     */
    private JsonNode secretPreview(Document doc) {
        String path = Query.of().add("dryRun", "true").on(doc.kind().path(doc.namespace(), doc.name()));
        return Specs.secret(client.put(path, doc.spec()).body());
    }

    /** The spec of a schedule, queue or secret on the server; a queue that only jobs name (no settings) counts as absent. */
    Optional<JsonNode> liveSpec(ObjectRef ref) {
        return client.find(ref.kind().path(ref.namespace(), ref.name()))
                .filter(view -> ref.kind() != Kind.QUEUE || view.path("defined").asBoolean(true))
                .map(view -> specs.live(ref.kind(), view));
    }

    /** The job an earlier apply enqueued for this document, found by the labels apply gives its jobs. */
    private Optional<JsonNode> appliedJob(ObjectRef ref) {
        JsonNode page = client.get(Query.of().add("label", Specs.MANAGED_BY + "=apply").add("label", Specs.APPLY_NAME + "=" + ref.name())
                .add("limit", 1).on(ApiPaths.jobs(ref.namespace())));
        JsonNode jobs = page.path("jobs");
        return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0));
    }

    private void planPrunes(List<Document> documents, Map<String, Set<String>> inventories, List<Change> changes,
                            Map<String, Set<String>> gone) {
        Set<ObjectRef> declared = new HashSet<>();
        documents.forEach(doc -> declared.add(doc.ref()));
        List<Change> prunes = new ArrayList<>();
        inventories.forEach((ns, entries) -> {
            for (String entry : entries) {
                Optional<ObjectRef> ref = Inventory.ref(ns, entry);
                if (ref.isEmpty() || declared.contains(ref.get())) {
                    continue;
                }
                Optional<JsonNode> live = liveSpec(ref.get());
                if (live.isPresent()) {
                    prunes.add(new Change(ref.get(), Change.Action.PRUNE, Optional.empty(), live.get(), null));
                } else {
                    gone.computeIfAbsent(ns, k -> new TreeSet<>()).add(entry);
                }
            }
        });
        // Schedules before queues: a schedule may still enqueue into a queue being pruned.
        prunes.sort(Comparator.comparing((Change c) -> c.ref().kind()).reversed());
        changes.addAll(prunes);
    }
}
