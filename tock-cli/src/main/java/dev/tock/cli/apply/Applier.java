package dev.tock.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.cli.client.ApiException;
import dev.tock.cli.client.ApiPaths;
import dev.tock.cli.client.TockClient;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * Carries out a {@link Plan}: puts what differs, enqueues new jobs, deletes what is pruned, and records
 * what the apply set created. The record is written even when a change fails half-way, so nothing that
 * was created escapes a later prune.
 */
final class Applier {
    private final TockClient client;
    private final String applySet;
    private final Consumer<Result> report;

    /**
     * What happened to one object.
     *
     * @param outcome created, configured, unchanged or pruned
     * @param error why a prune failed; null when it did not
     */
    record Result(String object, String outcome, boolean dryRun, String error) {
        String line() {
            return object + " " + outcome + (dryRun ? " (dry run)" : "") + (error == null ? "" : ": " + error);
        }
    }

    Applier(TockClient client, String applySet, Consumer<Result> report) {
        this.client = client;
        this.applySet = applySet;
        this.report = report;
    }

    /** Applies the plan (or only reports it, for a dry run); returns how many prunes failed. */
    int apply(Plan plan, boolean dryRun) {
        if (dryRun) {
            plan.changes().forEach(c -> report.accept(new Result(c.ref().toString(), planned(c.action()), true, null)));
            return 0;
        }
        Map<String, Set<String>> records = copy(plan.inventories());
        plan.gone().forEach((ns, entries) -> records.get(ns).removeAll(entries));
        int failed = 0;
        try {
            for (Change change : plan.changes()) {
                failed += carryOut(change, records) ? 0 : 1;
            }
        } finally {
            saveRecords(plan.inventories(), records);
        }
        return failed;
    }

    private boolean carryOut(Change change, Map<String, Set<String>> records) {
        ObjectRef ref = change.ref();
        switch (change.action()) {
            case UNCHANGED -> report.accept(new Result(ref.toString(), "unchanged", false, null));
            case IMMUTABLE -> throw new IllegalStateException(ref + ": an immutable change reached apply");
            case CREATE, CONFIGURE -> {
                if (ref.kind() == Kind.NAMESPACE) {
                    boolean created = client.post(ApiPaths.namespaces(), Map.of("name", ref.name())).created();
                    report.accept(new Result(ref.toString(), created ? "created" : "unchanged", false, null));
                } else if (ref.kind() == Kind.JOB) {
                    boolean created = client.post(ApiPaths.jobs(ref.namespace()), body(change)).created();
                    report.accept(new Result(ref.toString(), created ? "created" : "unchanged", false, null));
                } else {
                    boolean created = client.put(ref.kind().path(ref.namespace(), ref.name()), body(change)).created();
                    if (created) {
                        records.computeIfAbsent(ref.namespace(), ns -> new TreeSet<>()).add(Inventory.entry(ref));
                    }
                    report.accept(new Result(ref.toString(), created ? "created" : "configured", false, null));
                }
            }
            case PRUNE -> {
                try {
                    client.delete(ref.kind().path(ref.namespace(), ref.name()));
                } catch (ApiException e) {
                    report.accept(new Result(ref.toString(), "not pruned", false, e.getMessage()));
                    return false;
                }
                records.get(ref.namespace()).remove(Inventory.entry(ref));
                report.accept(new Result(ref.toString(), "pruned", false, null));
            }
        }
        return true;
    }

    private static JsonNode body(Change change) {
        return Specs.body(change.document().orElseThrow(), change.desired());
    }

    private void saveRecords(Map<String, Set<String>> before, Map<String, Set<String>> after) {
        for (Map.Entry<String, Set<String>> entry : after.entrySet()) {
            if (!Objects.equals(before.get(entry.getKey()), entry.getValue())) {
                Inventory.write(client, entry.getKey(), applySet, entry.getValue());
            }
        }
    }

    private static String planned(Change.Action action) {
        return switch (action) {
            case CREATE -> "created";
            case CONFIGURE -> "configured";
            case UNCHANGED -> "unchanged";
            case IMMUTABLE -> "refused (immutable field changed)";
            case PRUNE -> "pruned";
        };
    }

    private static Map<String, Set<String>> copy(Map<String, Set<String>> inventories) {
        Map<String, Set<String>> copy = new TreeMap<>();
        inventories.forEach((ns, entries) -> copy.put(ns, new TreeSet<>(entries)));
        return copy;
    }
}
