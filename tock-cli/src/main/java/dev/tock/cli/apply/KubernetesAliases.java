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
        KubernetesManifest.wholeNumber(job.remove("backoffLimit"), prefix + "backoffLimit", 0, "the retries after the first attempt",
                problems).ifPresent(limit -> {
                    if (job.path("retry").has("maxAttempts")) {
                        problems.add(new FieldProblem(prefix + "backoffLimit", "give backoffLimit or retry.maxAttempts, not both "
                                + "(maxAttempts = backoffLimit + 1)"));
                    } else {
                        ObjectNode retry = job.get("retry") instanceof ObjectNode r ? r : job.putObject("retry");
                        retry.put("maxAttempts", limit + 1);
                    }
                });
        KubernetesManifest.wholeNumber(job.remove("ttlSecondsAfterFinished"), prefix + "ttlSecondsAfterFinished", 0, "seconds", problems)
                .ifPresent(ttl -> {
                    if (job.has("retention")) {
                        problems.add(new FieldProblem(prefix + "ttlSecondsAfterFinished",
                                "give ttlSecondsAfterFinished or retention, not both"));
                    } else {
                        job.put("retention", Durations.format(Duration.ofSeconds(ttl)));
                    }
                });
        KubernetesManifest.wholeNumber(job.remove("activeDeadlineSeconds"), prefix + "activeDeadlineSeconds", 1, "seconds", problems)
                .ifPresent(deadline -> {
                    if (job.has("activeDeadline")) {
                        problems.add(new FieldProblem(prefix + "activeDeadlineSeconds",
                                "give activeDeadlineSeconds or activeDeadline, not both"));
                    } else {
                        job.put("activeDeadline", deadline + "s");
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
