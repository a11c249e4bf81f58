package dev.tock.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The documents of {@code -f} with Kubernetes manifests among them, as a kustomize build renders them: each
 * {@code batch/v1} CronJob and Job becomes its {@code tock/v1} Schedule or Job; every other Kubernetes object
 * (a Deployment, a Service, ...) is left out with a note. With {@code onlyJobs}, {@code tock/v1} documents are left
 * out too, so that only the stream's CronJobs and Jobs are applied. The items of a {@code v1 List}, as
 * {@code kubectl get cronjobs -o yaml} prints them, are read as documents of their own.
 *
 * @param documents what remains, in order, for the validator
 * @param notes one line per document left out
 * @param warnings one line per field a manifest gives that Tock cannot honour
 * @param problems one line per field Tock refuses (nothing is applied when there is any)
 */
record KubernetesStream(List<Translated> documents, List<String> notes, List<String> warnings, List<String> problems) {

    /** A document for the validator, and whether it came from a Kubernetes manifest (with its warnings). */
    record Translated(DocumentReader.Raw raw, String from, List<FieldProblem> warnings) {
    }

    static KubernetesStream of(List<DocumentReader.Raw> raws, KubernetesManifest.ExecutorMode mode, boolean onlyJobs) {
        List<Translated> documents = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> warnings = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (DocumentReader.Raw raw : expandLists(raws)) {
            JsonNode tree = raw.tree();
            String where = raw.file() + ": document " + raw.index() + " (" + describe(tree) + ")";
            String owner = cronJobOwner(tree);
            if (owner != null) {
                notes.add(where + ": ignored, a run of CronJob " + owner + " (the CronJob's Schedule makes its own runs)");
            } else if (KubernetesManifest.isJobManifest(tree)) {
                try {
                    KubernetesManifest.Translation t = KubernetesManifest.translate(tree, mode);
                    List<String> lines = t.warnings().stream().map(w -> where + ": " + w.field() + ": " + w.message()).toList();
                    warnings.addAll(lines);
                    documents.add(new Translated(new DocumentReader.Raw(raw.file(), raw.index(), t.document()), describe(tree), t.warnings()));
                } catch (KubernetesManifest.Refused refused) {
                    refused.problems.forEach(p -> problems.add(where + ": " + p.field() + ": " + p.message()));
                }
            } else if (KubernetesManifest.isKubernetesObject(tree)) {
                notes.add(where + ": ignored, not a batch/v1 CronJob or Job");
            } else if (onlyJobs) {
                notes.add(where + ": ignored (--only-jobs)");
            } else {
                documents.add(new Translated(raw, null, List.of()));
            }
        }
        return new KubernetesStream(documents, notes, warnings, problems);
    }

    /**
     * The items of a {@code v1 List} (what {@code kubectl get cronjobs -o yaml} prints) in its place; each keeps the
     * list's document number, and messages tell them apart by kind and name.
     */
    private static List<DocumentReader.Raw> expandLists(List<DocumentReader.Raw> raws) {
        List<DocumentReader.Raw> expanded = new ArrayList<>();
        for (DocumentReader.Raw raw : raws) {
            JsonNode tree = raw.tree();
            if ("v1".equals(tree.path("apiVersion").asText()) && "List".equals(tree.path("kind").asText()) && tree.path("items").isArray()) {
                tree.path("items").forEach(item -> expanded.add(new DocumentReader.Raw(raw.file(), raw.index(), item)));
            } else {
                expanded.add(raw);
            }
        }
        return expanded;
    }

    /** The CronJob that created a Job (as {@code kubectl get jobs} lists them), or null. */
    private static String cronJobOwner(JsonNode tree) {
        if (!"Job".equals(tree.path("kind").asText())) {
            return null;
        }
        for (JsonNode owner : tree.path("metadata").path("ownerReferences")) {
            if ("CronJob".equals(owner.path("kind").asText())) {
                return owner.path("name").asText();
            }
        }
        return null;
    }

    List<DocumentReader.Raw> raws() {
        return documents.stream().map(Translated::raw).toList();
    }

    private static String describe(JsonNode tree) {
        String name = tree.path("metadata").path("name").asText("");
        return (tree.path("apiVersion").asText("?") + " " + tree.path("kind").asText("?") + " " + name).strip();
    }
}
