package dev.tock.kubernetes;

import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobCondition;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Waits for one Job to finish: a watch wakes the wait at each change, and the Job is read again at least
 * every {@link #RESYNC}, so that a watch the API server dropped only delays the answer. Interruptible: the
 * engine interrupts it on a timeout, cancel, lost lease or shutdown.
 */
final class JobWatch {
    static final Duration RESYNC = Duration.ofSeconds(5);

    private final KubernetesClient client;
    private final String namespace;
    private final String name;

    JobWatch(KubernetesClient client, String namespace, String name) {
        this.client = client;
        this.namespace = namespace;
        this.name = name;
    }

    /** The finished Job (condition {@code Complete} or {@code Failed}); null when it was deleted first. */
    Job awaitFinished() throws InterruptedException {
        BlockingQueue<Boolean> changes = new ArrayBlockingQueue<>(1);
        try (Watch ignored = watch(changes)) {
            while (true) {
                Job job = client.batch().v1().jobs().inNamespace(namespace).withName(name).get();
                if (job == null || succeeded(job) || failed(job)) {
                    return job;
                }
                changes.poll(RESYNC.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    private Watch watch(BlockingQueue<Boolean> changes) {
        try {
            return client.batch().v1().jobs().inNamespace(namespace).withName(name).watch(new Watcher<>() {
                @Override
                public void eventReceived(Action action, Job job) {
                    changes.offer(Boolean.TRUE);
                }

                @Override
                public void onClose(WatcherException cause) {
                    changes.offer(Boolean.TRUE);
                }
            });
        } catch (KubernetesClientException e) {
            // Polling alone still gets there.
            return () -> { };
        }
    }

    static boolean succeeded(Job job) {
        return condition(job, "Complete");
    }

    static boolean failed(Job job) {
        return condition(job, "Failed");
    }

    /** The reason and message of the Job's {@code Failed} condition, e.g. {@code BackoffLimitExceeded}. */
    static String failureReason(Job job) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return "no reason given";
        }
        return job.getStatus().getConditions().stream().filter(c -> "Failed".equals(c.getType()))
                .map(c -> c.getReason() + (c.getMessage() == null ? "" : ": " + c.getMessage()))
                .findFirst().orElse("no reason given");
    }

    private static boolean condition(Job job, String type) {
        if (job.getStatus() == null || job.getStatus().getConditions() == null) {
            return false;
        }
        for (JobCondition c : job.getStatus().getConditions()) {
            if (type.equals(c.getType()) && "True".equals(c.getStatus())) {
                return true;
            }
        }
        return false;
    }
}
