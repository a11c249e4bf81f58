package dev.tock.kubernetes;

import dev.tock.model.JobId;
import dev.tock.model.JobState;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the Kubernetes Jobs Tock made whose Tock job is finished (succeeded, dead, cancelled) or no
 * longer stored: what a node that died, or a delete that failed, left behind. A Job whose Tock job still
 * waits for an attempt stays, for the next holder to adopt. Every node runs it; deleting twice is harmless.
 */
final class OrphanCollector {
    private static final Logger log = LoggerFactory.getLogger(OrphanCollector.class);

    private final KubernetesClient client;
    private final List<String> namespaces;
    private final Function<JobId, Optional<JobState>> jobStates;

    OrphanCollector(KubernetesClient client, List<String> namespaces, Function<JobId, Optional<JobState>> jobStates) {
        this.client = client;
        this.namespaces = List.copyOf(namespaces);
        this.jobStates = jobStates;
    }

    /** Deletes the orphans of every allowed namespace; returns their names. */
    List<String> collect() {
        List<String> deleted = new ArrayList<>();
        for (String namespace : namespaces) {
            List<Job> jobs = client.batch().v1().jobs().inNamespace(namespace)
                    .withLabel(JobLabels.MANAGED_BY, JobLabels.TOCK).list().getItems();
            for (Job job : jobs) {
                Optional<JobId> id = JobLabels.jobIdOf(job.getMetadata().getLabels());
                if (id.isPresent() && isOrphan(id.get())) {
                    delete(namespace, job.getMetadata().getName(), id.get());
                    deleted.add(job.getMetadata().getName());
                }
            }
        }
        return deleted;
    }

    private boolean isOrphan(JobId id) {
        return jobStates.apply(id).map(JobState::isFinal).orElse(true);
    }

    private void delete(String namespace, String name, JobId id) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(name)
                    .withPropagationPolicy(DeletionPropagation.FOREGROUND).delete();
            log.atInfo().addKeyValue("job", id).addKeyValue("kubernetesJob", name)
                    .log("deleted orphaned Kubernetes Job {}/{}: its Tock job {} is finished", namespace, name, id);
        } catch (KubernetesClientException e) {
            log.warn("cannot delete orphaned Kubernetes Job {}/{}: {}", namespace, name, e.getMessage());
        }
    }
}
