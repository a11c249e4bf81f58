package dev.tock.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.Durations;
import dev.tock.http.dto.JobRequest;
import dev.tock.http.dto.ScheduleRequest;
import dev.tock.http.dto.TemplateBody;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.LongConsumer;

/**
 * Kubernetes field names accepted in {@code tock/v1} Schedule and Job specs, rewritten to Tock's one
 * canonical spelling before anything else reads the spec, so that diff and the server show only the
 * canonical names. The schedule's {@code startingDeadlineSeconds}, {@code suspend} and history limits are
 * already canonical (they are the CronJob's names); these are the others:
 * <ul>
 *   <li>{@code concurrencyPolicy} (Allow, Forbid, Replace) → {@code overlap};</li>
 *   <li>{@code backoffLimit} (retries after the first attempt) → {@code retry.maxAttempts = backoffLimit + 1};</li>
 *   <li>{@code activeDeadlineSeconds} → {@code activeDeadline}, the run-level deadline;</li>
 *   <li>{@code ttlSecondsAfterFinished} → {@code retention} of the finished job.</li>
 * </ul>
 */
final class KubernetesAliases {
    private static final Set<String> SCHEDULE = Set.of("concurrencyPolicy");
    private static final Set<String> JOB = Set.of("backoffLimit", "activeDeadlineSeconds", "ttlSecondsAfterFinished");

    private KubernetesAliases() {
    }

    /** The alias names accepted in objects read by {@code type}. */
    static Set<String> names(Class<? extends Record> type) {
        if (type == ScheduleRequest.class) {
            return SCHEDULE;
        }
        return type == TemplateBody.class || type == JobRequest.class ? JOB : Set.of();
    }

    /** The spec of a Schedule or Job with every alias rewritten to its canonical field; problems are added to {@code problems}. */
    static JsonNode canonical(Kind kind, JsonNode spec, List<FieldProblem> problems) {
        if (!spec.isObject() || (kind != Kind.SCHEDULE && kind != Kind.JOB)) {
            return spec;
        }
        ObjectNode copy = spec.deepCopy();
        if (kind == Kind.SCHEDULE) {
            rename(copy, "concurrencyPolicy", "overlap", "spec.", problems);
            if (copy.get("jobTemplate") instanceof ObjectNode template) {
                jobAliases(template, "spec.jobTemplate.", problems);
            }
        } else {
            jobAliases(copy, "spec.", problems);
        }
        return copy;
    }

    private static void jobAliases(ObjectNode job, String prefix, List<FieldProblem> problems) {
        countAlias(job, prefix, problems, "backoffLimit", 0, "the retries after the first attempt", job.path("retry").has("maxAttempts"),
                "give backoffLimit or retry.maxAttempts, not both (maxAttempts = backoffLimit + 1)",
                limit -> (job.get("retry") instanceof ObjectNode r ? r : job.putObject("retry")).put("maxAttempts", limit + 1));
        countAlias(job, prefix, problems, "ttlSecondsAfterFinished", 0, "seconds", job.has("retention"),
                "give ttlSecondsAfterFinished or retention, not both",
                ttl -> job.put("retention", Durations.format(Duration.ofSeconds(ttl))));
        countAlias(job, prefix, problems, "activeDeadlineSeconds", 1, "seconds", job.has("activeDeadline"),
                "give activeDeadlineSeconds or activeDeadline, not both", deadline -> job.put("activeDeadline", deadline + "s"));
    }

    /**
     * A Kubernetes count written by its Kubernetes name ({@code alias}): checked as {@link KubernetesManifest#wholeNumber}
     * checks it, and handed to {@code set} unless the Tock field it stands for was given too ({@code canonicalGiven}).
     */
    private static void countAlias(ObjectNode job, String prefix, List<FieldProblem> problems, String alias, long min, String meaning,
                                   boolean canonicalGiven, String both, LongConsumer set) {
        KubernetesManifest.wholeNumber(job.remove(alias), prefix + alias, min, meaning, problems).ifPresent(value -> {
            if (canonicalGiven) {
                problems.add(new FieldProblem(prefix + alias, both));
            } else {
                set.accept(value);
            }
        });
    }

    private static void rename(ObjectNode node, String alias, String canonical, String prefix, List<FieldProblem> problems) {
        JsonNode value = node.remove(alias);
        if (value == null) {
            return;
        }
        if (node.has(canonical)) {
            problems.add(new FieldProblem(prefix + alias, "give " + alias + " or " + canonical + ", not both"));
            return;
        }
        node.set(canonical, value);
    }
}
