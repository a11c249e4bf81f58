package dev.tock.kubernetes;

import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobConditionBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobStatusBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Plays Kubernetes' Job controller and kubelet against the mock API server, which stores objects but runs
 * nothing: every Job created gets a running pod (labelled {@code job-name}, as the real controller labels
 * it), and the test moves it on: succeeded, failed with an exit code and termination message, or disrupted
 * (the pod's {@code DisruptionTarget} condition). It records every Job it saw created.
 */
final class MockJobController implements AutoCloseable {
    private final KubernetesClient client;
    private final String namespace;
    private final List<String> created = new CopyOnWriteArrayList<>();
    private final ExecutorService work = Executors.newSingleThreadExecutor();
    private final Watch watch;

    MockJobController(KubernetesClient client, String namespace) {
        this.client = client;
        this.namespace = namespace;
        this.watch = client.batch().v1().jobs().inNamespace(namespace).watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, Job job) {
                if (action == Action.ADDED) {
                    created.add(job.getMetadata().getName());
                    work.submit(() -> startPod(job));
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        });
    }

    /** The names of the Jobs created since the controller started, in order. */
    List<String> created() {
        return List.copyOf(created);
    }

    static String podName(String jobName) {
        return jobName + "-pod";
    }

    private void startPod(Job job) {
        Pod pod = new PodBuilder()
                .withNewMetadata().withName(podName(job.getMetadata().getName())).withNamespace(namespace)
                .addToLabels(job.getSpec().getTemplate().getMetadata().getLabels())
                .addToLabels(JobLabels.POD_JOB_NAME, job.getMetadata().getName()).endMetadata()
                .withSpec(job.getSpec().getTemplate().getSpec())
                .withNewStatus().withPhase("Running").endStatus()
                .build();
        client.pods().inNamespace(namespace).resource(pod).create();
    }

    void succeed(String jobName) {
        finish(jobName, 0, null, false);
    }

    void fail(String jobName, int exitCode, String terminationMessage) {
        finish(jobName, exitCode, terminationMessage, false);
    }

    /** The pod was evicted: killed by SIGKILL, marked with {@code DisruptionTarget}. */
    void disrupt(String jobName) {
        finish(jobName, 137, null, true);
    }

    private void finish(String jobName, int exitCode, String message, boolean disrupted) {
        Pod pod = client.pods().inNamespace(namespace).withName(podName(jobName)).get();
        PodBuilder next = new PodBuilder(pod).editStatus().withPhase(exitCode == 0 ? "Succeeded" : "Failed")
                .withContainerStatuses(new ContainerStatusBuilder().withName(pod.getSpec().getContainers().get(0).getName())
                        .withNewState().withNewTerminated().withExitCode(exitCode).withMessage(message)
                        .withReason(disrupted ? "Error" : exitCode == 0 ? "Completed" : "Error").endTerminated().endState()
                        .build())
                .endStatus();
        if (disrupted) {
            next.editStatus().addToConditions(new PodConditionBuilder().withType("DisruptionTarget").withStatus("True")
                    .withReason("EvictionByEvictionAPI").build()).endStatus();
        }
        client.pods().inNamespace(namespace).resource(next.build()).updateStatus();
        Job job = client.batch().v1().jobs().inNamespace(namespace).withName(jobName).get();
        job.setStatus(new JobStatusBuilder().withConditions(new JobConditionBuilder()
                .withType(exitCode == 0 ? "Complete" : "Failed").withStatus("True")
                .withReason(exitCode == 0 ? null : "BackoffLimitExceeded").build()).build());
        client.batch().v1().jobs().inNamespace(namespace).resource(job).updateStatus();
    }

    @Override
    public void close() {
        watch.close();
        work.shutdownNow();
    }
}
