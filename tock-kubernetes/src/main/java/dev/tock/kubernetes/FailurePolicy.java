package dev.tock.kubernetes;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnExitCodesRequirement;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyOnPodConditionsPattern;
import io.fabric8.kubernetes.api.model.batch.v1.PodFailurePolicyRule;
import java.util.List;
import java.util.Optional;

/**
 * What a failed pod means for the Tock job, read the way Kubernetes reads a Job's {@code podFailurePolicy}
 * (first matching rule wins): {@code FailJob} fails the job for good, {@code Ignore} retries it without
 * counting the attempt, {@code Count} (and no match) retries it per the retry policy. Without a rule that
 * says otherwise, a pod with the {@code DisruptionTarget} condition (evicted, preempted, its node drained)
 * is a disruption: retried without counting.
 */
final class FailurePolicy {
    enum Verdict { RETRY, PERMANENT, DISRUPTED }

    private FailurePolicy() {
    }

    static Verdict of(JobSpec spec, Pod pod, Optional<PodReport.Exit> exit) {
        List<PodFailurePolicyRule> rules = spec.getPodFailurePolicy() == null || spec.getPodFailurePolicy().getRules() == null
                ? List.of() : spec.getPodFailurePolicy().getRules();
        for (PodFailurePolicyRule rule : rules) {
            if (matches(rule, pod, exit)) {
                return switch (String.valueOf(rule.getAction())) {
                    case "FailJob" -> Verdict.PERMANENT;
                    case "Ignore" -> Verdict.DISRUPTED;
                    default -> Verdict.RETRY;
                };
            }
        }
        return PodReport.disrupted(pod) ? Verdict.DISRUPTED : Verdict.RETRY;
    }

    private static boolean matches(PodFailurePolicyRule rule, Pod pod, Optional<PodReport.Exit> exit) {
        PodFailurePolicyOnExitCodesRequirement codes = rule.getOnExitCodes();
        if (codes != null) {
            if (exit.isEmpty() || (codes.getContainerName() != null && !codes.getContainerName().equals(exit.get().container()))) {
                return false;
            }
            boolean listed = codes.getValues() != null && codes.getValues().contains(exit.get().code());
            return "NotIn".equals(codes.getOperator()) ? !listed && exit.get().code() != 0 : listed;
        }
        List<PodFailurePolicyOnPodConditionsPattern> patterns = rule.getOnPodConditions();
        if (patterns == null || patterns.isEmpty() || pod == null || pod.getStatus() == null || pod.getStatus().getConditions() == null) {
            return false;
        }
        for (PodFailurePolicyOnPodConditionsPattern p : patterns) {
            for (PodCondition c : pod.getStatus().getConditions()) {
                String status = p.getStatus() == null ? "True" : p.getStatus();
                if (c.getType().equals(p.getType()) && status.equals(c.getStatus())) {
                    return true;
                }
            }
        }
        return false;
    }
}
