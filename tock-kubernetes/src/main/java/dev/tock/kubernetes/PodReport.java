package dev.tock.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStateTerminated;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * What the pod of a finished Job left: its container's exit code and termination message, whether it was
 * disrupted, and the tail of its log (bounded in lines and characters).
 */
record PodReport(Optional<Pod> pod, Optional<Exit> exit, String logTail) {
    static final int LOG_LINES = 200;

    /** How one container ended. */
    record Exit(String container, int code, Optional<String> reason, Optional<String> message) {
    }

    static PodReport read(KubernetesClient client, String namespace, String jobName, int tailChars) {
        List<Pod> pods = client.pods().inNamespace(namespace).withLabel(JobLabels.POD_JOB_NAME, jobName).list().getItems();
        // The last pod made is the one whose end decided the Job (backoffLimit 0 makes one, but be sure).
        Optional<Pod> pod = pods.stream().max(Comparator.comparing(p -> String.valueOf(p.getMetadata().getCreationTimestamp())));
        Optional<Exit> exit = pod.flatMap(PodReport::exitOf);
        String log = pod.map(p -> logTail(client, p, exit, tailChars)).orElse("");
        return new PodReport(pod, exit, log);
    }

    /** Whether Kubernetes marked the pod for disruption (eviction, preemption, a drained or lost node). */
    static boolean disrupted(Pod pod) {
        return pod != null && pod.getStatus() != null && pod.getStatus().getConditions() != null
                && pod.getStatus().getConditions().stream()
                .anyMatch(c -> "DisruptionTarget".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    boolean disrupted() {
        return pod.map(PodReport::disrupted).orElse(false);
    }

    /** The first container that failed, else the first that ended. */
    private static Optional<Exit> exitOf(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getContainerStatuses() == null) {
            return Optional.empty();
        }
        Optional<Exit> failed = Optional.empty();
        Optional<Exit> first = Optional.empty();
        for (ContainerStatus s : pod.getStatus().getContainerStatuses()) {
            ContainerStateTerminated t = s.getState() == null ? null : s.getState().getTerminated();
            if (t == null || t.getExitCode() == null) {
                continue;
            }
            Exit exit = new Exit(s.getName(), t.getExitCode(), Optional.ofNullable(t.getReason()),
                    Optional.ofNullable(t.getMessage()).filter(m -> !m.isBlank()));
            first = first.isPresent() ? first : Optional.of(exit);
            if (t.getExitCode() != 0 && failed.isEmpty()) {
                failed = Optional.of(exit);
            }
        }
        return failed.isPresent() ? failed : first;
    }

    private static String logTail(KubernetesClient client, Pod pod, Optional<Exit> exit, int tailChars) {
        String container = exit.map(Exit::container).orElse(pod.getSpec() == null || pod.getSpec().getContainers().isEmpty()
                ? null : pod.getSpec().getContainers().get(0).getName());
        try {
            var resource = client.pods().inNamespace(pod.getMetadata().getNamespace()).withName(pod.getMetadata().getName());
            String log = container == null ? resource.tailingLines(LOG_LINES).getLog()
                    : resource.inContainer(container).tailingLines(LOG_LINES).getLog();
            log = log == null ? "" : log;
            return log.length() <= tailChars ? log : "…" + log.substring(log.length() - tailChars);
        } catch (KubernetesClientException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }
}
