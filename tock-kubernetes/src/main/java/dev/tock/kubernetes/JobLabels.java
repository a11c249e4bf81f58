package dev.tock.kubernetes;

import dev.tock.model.JobId;
import dev.tock.model.KubernetesExecutor;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The names and labels Tock gives the Kubernetes Jobs it creates: a name made from the Tock job's id and
 * attempt, so that a retried create finds the Job it made; and labels for the Tock job, the attempt and
 * the lease token, by which the next holder of a lost lease finds the Job to adopt and the collector
 * finds orphans.
 */
final class JobLabels {
    static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    static final String TOCK = "tock";
    static final String JOB_ID = "tock.dev/job-id";
    static final String ATTEMPT = "tock.dev/attempt";
    static final String LEASE_TOKEN = "tock.dev/lease-token";
    /** The label Kubernetes' Job controller puts on the pods of a Job. */
    static final String POD_JOB_NAME = "job-name";

    private JobLabels() {
    }

    /** {@code tock-<job id>-<attempt>}, see {@link KubernetesExecutor#jobName}. */
    static String jobName(JobId id, int attempt) {
        return KubernetesExecutor.jobName(id, attempt);
    }

    static Map<String, String> of(JobId id, int attempt, long leaseToken) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(MANAGED_BY, TOCK);
        labels.put(JOB_ID, id.toString());
        labels.put(ATTEMPT, Integer.toString(attempt));
        labels.put(LEASE_TOKEN, Long.toString(leaseToken));
        return labels;
    }

    /** The attempt a Job was created for; 0 when its label is missing or bad. */
    static int attemptOf(Map<String, String> labels) {
        try {
            return Integer.parseInt(labels == null ? "" : labels.getOrDefault(ATTEMPT, ""));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The Tock job a Job was created for, if its label holds a job id. */
    static Optional<JobId> jobIdOf(Map<String, String> labels) {
        try {
            return labels == null || !labels.containsKey(JOB_ID) ? Optional.empty() : Optional.of(JobId.parse(labels.get(JOB_ID)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
