package dev.tock.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.cli.client.ApiException;
import dev.tock.cli.client.ApiPaths;
import dev.tock.cli.client.Jsons;
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
    /** Namespaces the documents declare that do not exist yet: nothing in them is looked up, all of it is created. */
    private final Set<String> absent = new TreeSet<>();

    Planner(TockClient client, String applySet) {
        this.client = client;
        this.specs = new Specs(applySet);
        this.applySet = applySet;
    }

    /** The plan for these documents; with {@code prune}, also what the apply set created that left the files. */
    Plan plan(List<Document> documents, boolean prune) {
        checkNamespaces(documents);
        List<Change> changes = new ArrayList<>();
        documents.stream().sorted(Comparator.comparing(Document::kind)).forEach(doc -> changes.add(planDocument(doc)));
        Set<String> namespaces = new TreeSet<>();
        documents.forEach(doc -> namespaces.add(doc.namespace()));
        if (prune) {
            client.get(ApiPaths.namespaces()).path("namespaces").forEach(ns -> namespaces.add(ns.path("name").asText()));
        }
        namespaces.removeAll(absent);
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

    /** Every namespace the documents use exists or is declared by one of them; notes those declared but absent. */
    private void checkNamespaces(List<Document> documents) {
        Set<String> declared = new TreeSet<>();
        documents.stream().filter(doc -> doc.kind() == Kind.NAMESPACE).forEach(doc -> declared.add(doc.name()));
        documents.stream().map(Document::namespace).distinct().filter(ns -> !declared.contains(ns)).forEach(this::requireNamespace);
        declared.stream().filter(ns -> client.find(ApiPaths.namespace(ns)).isEmpty()).forEach(absent::add);
    }

    /** A missing namespace fails the plan, before any change, rather than half-way through applying. */
    private void requireNamespace(String namespace) {
        if (client.find(ApiPaths.namespace(namespace)).isEmpty()) {
            throw new ApiException(404, "Not found", "namespace " + namespace + " does not exist; create it first with tock namespaces create "
                    + namespace + ", or declare it in the files (kind: Namespace) (nothing was applied)", Optional.empty());
        }
    }

    private Change planDocument(Document doc) {
        if (doc.kind() == Kind.JOB) {
            return planJob(doc);
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
        if (absent.contains(doc.namespace())) {
            // Its namespace is declared in the files and made first: nothing to ask yet, it will be created.
            return Specs.secret(Jsons.JSON.createObjectNode());
        }
        String path = Query.of().add("dryRun", "true").on(doc.kind().path(doc.namespace(), doc.name()));
        return Specs.secret(client.put(path, doc.spec()).body());
    }

    /**
     * A Job is enqueued once. Once it is, it cannot be updated: a document that still says the same is
     * unchanged, one that says something else is an immutable change, which apply refuses.
     */
    private Change planJob(Document doc) {
        Optional<JsonNode> job = appliedJob(doc.ref());
        if (job.isEmpty()) {
            return new Change(doc.ref(), Change.Action.CREATE, Optional.of(doc), null, specs.desired(doc, Optional.empty()));
        }
        JsonNode live = specs.live(Kind.JOB, job.get());
        JsonNode desired = specs.desiredJobFields(doc);
        return new Change(doc.ref(), live.equals(desired) ? Change.Action.UNCHANGED : Change.Action.IMMUTABLE, Optional.of(doc),
                live, desired);
    }

    /** The spec of a namespace, secret, schedule or queue on the server; a queue that only jobs name (no settings) counts as absent. */
    Optional<JsonNode> liveSpec(ObjectRef ref) {
        if (absent.contains(ref.namespace())) {
            return Optional.empty();
        }
        return client.find(ref.kind().path(ref.namespace(), ref.name()))
                .filter(view -> ref.kind() != Kind.QUEUE || view.path("defined").asBoolean(true))
                .map(view -> specs.live(ref.kind(), view));
    }

    /** The job an earlier apply enqueued for this document, found by the labels apply gives its jobs. */
    private Optional<JsonNode> appliedJob(ObjectRef ref) {
        if (absent.contains(ref.namespace())) {
            return Optional.empty();
        }
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
