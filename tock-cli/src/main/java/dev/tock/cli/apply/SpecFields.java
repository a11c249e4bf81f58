package dev.tock.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.http.dto.JobRequest;
import dev.tock.http.dto.QueueRequest;
import dev.tock.http.dto.SecretRequest;
import dev.tock.http.dto.RetryBody;
import dev.tock.http.dto.ScheduleRequest;
import dev.tock.http.dto.TemplateBody;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Every unknown field of a Schedule or Job spec at once, each with a "did you mean" when a known name (or a
 * Kubernetes alias) is near. The known names are the components of the server's own request records, so
 * they cannot drift from what the server reads; the server alone would stop at the first.
 */
final class SpecFields {
    /** Objects inside a spec whose fields are checked too, by the record that reads them. */
    private static final Map<Class<? extends Record>, Map<String, Class<? extends Record>>> NESTED = Map.of(
            ScheduleRequest.class, Map.of("jobTemplate", TemplateBody.class),
            TemplateBody.class, Map.of("retry", RetryBody.class),
            JobRequest.class, Map.of("retry", RetryBody.class));

    private SpecFields() {
    }

    /** The unknown fields of a spec of {@code kind}, in document order; empty for kinds checked elsewhere. */
    static List<FieldProblem> unknown(Kind kind, JsonNode spec) {
        List<FieldProblem> found = new ArrayList<>();
        switch (kind) {
            case SCHEDULE -> walk(spec, ScheduleRequest.class, "spec.", found);
            case JOB -> walk(spec, JobRequest.class, "spec.", found);
            case QUEUE -> walk(spec, QueueRequest.class, "spec.", found);
            case SECRET -> walk(spec, SecretRequest.class, "spec.", found);
            default -> { }
        }
        return found;
    }

    private static void walk(JsonNode node, Class<? extends Record> type, String prefix, List<FieldProblem> found) {
        if (!node.isObject()) {
            return;
        }
        Set<String> known = names(type);
        Set<String> aliases = KubernetesAliases.names(type);
        Map<String, Class<? extends Record>> nested = NESTED.getOrDefault(type, Map.of());
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (nested.containsKey(field)) {
                walk(node.get(field), nested.get(field), prefix + field + ".", found);
            } else if (!known.contains(field) && !aliases.contains(field)) {
                Set<String> candidates = new TreeSet<>(known);
                candidates.addAll(aliases);
                found.add(new FieldProblem(prefix + field, "unknown field" + nearest(field, candidates).map(n -> " (did you mean " + n + "?)")
                        .orElse("") + " (known fields: " + String.join(", ", new TreeSet<>(known)) + ")"));
            }
        }
    }

    /** The fields of {@code node} not in {@code known}, each with a "did you mean" when one is near. */
    static List<FieldProblem> unknown(JsonNode node, Set<String> known, String prefix) {
        List<FieldProblem> found = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!known.contains(field)) {
                found.add(new FieldProblem(prefix + field, known.isEmpty() ? "unknown field (it has none)"
                        : "unknown field" + nearest(field, known).map(n -> " (did you mean " + n + "?)").orElse("")
                        + " (known fields: " + String.join(", ", new TreeSet<>(known)) + ")"));
            }
        }
        return found;
    }

    static Set<String> names(Class<? extends Record> type) {
        Set<String> names = new TreeSet<>();
        Arrays.stream(type.getRecordComponents()).map(RecordComponent::getName).forEach(names::add);
        return names;
    }

    /** The known name nearest to {@code field}, when it is near enough to be a slip: same letters in another case, or few edits. */
    static Optional<String> nearest(String field, Set<String> known) {
        String lower = field.toLowerCase(Locale.ROOT);
        int allowed = Math.max(1, Math.min(3, field.length() / 4));
        return known.stream()
                .map(name -> Map.entry(name, distance(lower, name.toLowerCase(Locale.ROOT))))
                .filter(e -> e.getValue() <= allowed)
                .min(Comparator.comparing((Map.Entry<String, Integer> e) -> e.getValue()).thenComparing(Map.Entry::getKey))
                .map(Map.Entry::getKey);
    }

    /** Levenshtein distance, with a swap of two neighbouring letters counted as one edit. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
