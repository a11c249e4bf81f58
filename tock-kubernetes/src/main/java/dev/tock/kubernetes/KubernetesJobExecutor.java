package dev.tock.kubernetes;

import dev.tock.handler.AttemptFailure;
import dev.tock.executor.spi.ExecutorSetup;
import dev.tock.handler.JobContext;
import dev.tock.executor.spi.ProvidedExecutor;
import dev.tock.handler.StopReason;
import dev.tock.model.Executor;
import dev.tock.model.Job;
import dev.tock.model.KubernetesExecutor;
import dev.tock.secret.SecretResolver;
import dev.tock.secret.SecretUnavailableException;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import java.net.HttpURLConnection;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs jobs whose executor is {@link KubernetesExecutor}: one {@code batch/v1} Job per attempt, watched to
 * completion; the pod's exit code, termination message and log tail go to the attempt. A timeout or a
 * cancel deletes the Job with foreground propagation (its pods go first); a lost lease or a shutdown
 * leaves it running, and the next holder of the job adopts it by its labels instead of creating a second.
 * Jobs whose Tock job is finished are deleted by the {@link OrphanCollector}.
 */
final class KubernetesJobExecutor implements ProvidedExecutor {
    private static final Logger log = LoggerFactory.getLogger(KubernetesJobExecutor.class);
    static final Duration ORPHAN_INTERVAL = Duration.ofMinutes(1);

    private final KubernetesClient client;
    private final SecretResolver secrets;
    private final int tailChars;
    private final OrphanCollector orphans;
    private final Thread orphanLoop;
    private final boolean ownsClient;
    private final java.util.function.Function<dev.tock.model.JobId, Optional<dev.tock.model.JobState>> jobStates;

    /** @param ownsClient whether {@link #close()} closes the client too */
    KubernetesJobExecutor(KubernetesClient client, ExecutorSetup setup, boolean ownsClient) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.jobStates = setup.jobStates();
        this.secrets = setup.secrets();
        this.tailChars = setup.config().outputTailChars();
        this.orphans = new OrphanCollector(client, setup.config().kubernetesExecutor().namespaces(), setup.jobStates());
        this.orphanLoop = Thread.ofVirtual().name("tock-kubernetes-orphans").start(this::collectOrphansForever);
    }

    @Override
    public void requireAccepted(Executor executor) {
        JobManifest.spec((KubernetesExecutor) executor);
    }

    /** Deletes the Jobs Tock made whose Tock job is finished or gone; returns their names. */
    List<String> collectOrphans() {
        return orphans.collect();
    }

    @Override
    public void handle(JobContext ctx) throws InterruptedException {
        Job job = ctx.job();
        KubernetesExecutor spec = (KubernetesExecutor) job.executor().orElseThrow();
        String namespace = spec.namespace();
        // The name this attempt creates; the engine may stop it at any point, even while it creates the Job.
        String name = JobLabels.jobName(job.id(), job.attempts());
        io.fabric8.kubernetes.api.model.batch.v1.Job finished;
        try {
            name = adoptOrCreate(ctx, spec);
            finished = new JobWatch(client, namespace, name).awaitFinished();
        } catch (InterruptedException | RuntimeException e) {
            // An interrupt can also surface as a client exception, from a request it cut short.
            if (ctx.stopReason().isPresent()) {
                stop(ctx, namespace, name);
            } else if (e instanceof KubernetesClientException k) {
                throw AttemptFailure.retryable("Kubernetes API: " + KubernetesErrors.describe(k));
            }
            throw e;
        }
        if (finished == null) {
            throw AttemptFailure.retryable("Kubernetes Job " + namespace + "/" + name + " was deleted before it finished");
        }
        PodReport report;
        try {
            report = PodReport.read(client, namespace, name, tailChars);
        } catch (KubernetesClientException e) {
            throw AttemptFailure.retryable("Kubernetes Job " + namespace + "/" + name + " ended, but its pod cannot be read: "
                    + KubernetesErrors.describe(e));
        }
        record(ctx, report);
        delete(namespace, name, DeletionPropagation.BACKGROUND);
        if (JobWatch.succeeded(finished)) {
            return;
        }
        throw failure(spec, namespace, name, finished, report);
    }

    /** The name of the Job this attempt watches: the one a previous holder left running, else a new one. */
    private String adoptOrCreate(JobContext ctx, KubernetesExecutor spec) {
        Job job = ctx.job();
        List<io.fabric8.kubernetes.api.model.batch.v1.Job> existing = client.batch().v1().jobs().inNamespace(spec.namespace())
                .withLabel(JobLabels.JOB_ID, job.id().toString()).list().getItems();
        Optional<io.fabric8.kubernetes.api.model.batch.v1.Job> newest = existing.stream()
                .max(Comparator.comparingInt(j -> JobLabels.attemptOf(j.getMetadata().getLabels())));
        if (newest.isPresent()) {
            String name = newest.get().getMetadata().getName();
            existing.stream().map(j -> j.getMetadata().getName()).filter(n -> !n.equals(name))
                    .forEach(n -> delete(spec.namespace(), n, DeletionPropagation.FOREGROUND));
            relabel(spec.namespace(), name, ctx.leaseToken());
            log.atInfo().addKeyValue("job", job.id()).addKeyValue("attempt", job.attempts()).addKeyValue("kubernetesJob", name)
                    .log("job {} attempt {} adopts Kubernetes Job {}/{} left by attempt {}", job.id(), job.attempts(),
                            spec.namespace(), name, JobLabels.attemptOf(newest.get().getMetadata().getLabels()));
            ctx.output("adopted Kubernetes Job " + spec.namespace() + "/" + name + " (created by attempt "
                    + JobLabels.attemptOf(newest.get().getMetadata().getLabels()) + ", whose node lost its lease)\n");
            return name;
        }
        var manifest = JobManifest.of(spec, job, ctx.leaseToken(), secretValues(spec, job));
        String name = manifest.getMetadata().getName();
        try {
            client.batch().v1().jobs().inNamespace(spec.namespace()).resource(manifest).create();
        } catch (KubernetesClientException e) {
            if (e.getCode() != HttpURLConnection.HTTP_CONFLICT) {
                throw AttemptFailure.retryable("cannot create Kubernetes Job " + spec.namespace() + "/" + name + ": "
                        + KubernetesErrors.describe(e));
            }
            // Made by this attempt's earlier try (its name is this attempt's): watch that one.
        }
        log.atInfo().addKeyValue("job", job.id()).addKeyValue("attempt", job.attempts()).addKeyValue("kubernetesJob", name)
                .log("job {} attempt {} created Kubernetes Job {}/{}", job.id(), job.attempts(), spec.namespace(), name);
        ctx.output("Kubernetes Job " + spec.namespace() + "/" + name + " (" + String.join(", ", spec.images()) + ")\n");
        return name;
    }

    private Map<String, String> secretValues(KubernetesExecutor spec, Job job) {
        if (spec.envFromSecrets().isEmpty()) {
            return Map.of();
        }
        try {
            return secrets.resolveAll(job.namespace(), spec.envFromSecrets(), "variable");
        } catch (SecretUnavailableException e) {
            throw AttemptFailure.retryable(e.getMessage());
        }
    }

    /** The adopting holder's lease token on the Job, for whoever reads it with kubectl; best effort. */
    private void relabel(String namespace, String name, long leaseToken) {
        try {
            // A merge patch without a resourceVersion: a status change in between is no conflict.
            client.batch().v1().jobs().inNamespace(namespace).withName(name).patch(
                    PatchContext.of(PatchType.JSON_MERGE),
                    "{\"metadata\": {\"labels\": {\"" + JobLabels.LEASE_TOKEN + "\": \"" + leaseToken + "\"}}}");
        } catch (KubernetesClientException e) {
            log.warn("cannot relabel Kubernetes Job {}/{}: {}", namespace, name, e.getMessage());
        }
    }

    /**
     * On a timeout or a cancel the Job goes, pods first; on a lost lease or shutdown it stays for the next
     * holder, unless the Tock job has ended meanwhile: a cancel can reach this node as a lost lease (its
     * heartbeat finds the lease gone before the cancel's own signal arrives).
     */
    private void stop(JobContext ctx, String namespace, String name) {
        StopReason why = ctx.stopReason().orElse(StopReason.SHUTDOWN);
        // The requests below must not be cut short by the interrupt that stopped the attempt.
        boolean interrupted = Thread.interrupted();
        try {
            boolean ended = !why.stopsExternalWork() && jobStates.apply(ctx.job().id()).map(dev.tock.model.JobState::isFinal).orElse(true);
            if (why.stopsExternalWork() || ended) {
                delete(namespace, name, DeletionPropagation.FOREGROUND);
                ctx.output("Kubernetes Job " + namespace + "/" + name + " deleted ("
                        + (ended ? "the job has ended" : why.name().toLowerCase(java.util.Locale.ROOT)) + ")\n");
            } else {
                log.atInfo().addKeyValue("job", ctx.job().id()).addKeyValue("kubernetesJob", name)
                        .log("job {} stopped ({}): Kubernetes Job {}/{} left running for the next holder", ctx.job().id(), why,
                                namespace, name);
            }
        } catch (RuntimeException e) {
            log.warn("job {} stopped ({}); Kubernetes Job {}/{} left to the orphan collector: {}", ctx.job().id(), why, namespace,
                    name, e.getMessage());
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void delete(String namespace, String name, DeletionPropagation propagation) {
        try {
            client.batch().v1().jobs().inNamespace(namespace).withName(name).withPropagationPolicy(propagation).delete();
        } catch (KubernetesClientException e) {
            // The collector deletes it later, once its Tock job is finished.
            log.warn("cannot delete Kubernetes Job {}/{}: {}", namespace, name, e.getMessage());
        }
    }

    private void record(JobContext ctx, PodReport report) {
        ctx.output(report.pod().map(p -> "pod " + p.getMetadata().getName()).orElse("no pod found"));
        report.exit().ifPresent(e -> ctx.output(": container " + e.container() + " exit code " + e.code()
                + e.reason().map(r -> " (" + r + ")").orElse("")));
        if (report.disrupted()) {
            ctx.output(", disrupted (DisruptionTarget)");
        }
        ctx.output("\n");
        report.exit().flatMap(PodReport.Exit::message).ifPresent(m -> ctx.output("termination message: " + m + "\n"));
        if (!report.logTail().isEmpty()) {
            ctx.output("--- log tail ---\n" + report.logTail() + (report.logTail().endsWith("\n") ? "" : "\n"));
        }
    }

    private static AttemptFailure failure(KubernetesExecutor spec, String namespace, String name,
                                          io.fabric8.kubernetes.api.model.batch.v1.Job finished, PodReport report) {
        String what = report.exit().map(e -> "exit code " + e.code() + e.message().map(m -> ": " + m).orElse(""))
                .orElse("failed: " + JobWatch.failureReason(finished));
        String message = "Kubernetes Job " + namespace + "/" + name + " " + what;
        JobSpec template = JobManifest.spec(spec);
        return switch (FailurePolicy.of(template, report.pod().orElse(null), report.exit())) {
            case PERMANENT -> AttemptFailure.permanent(message + " (podFailurePolicy: FailJob)");
            case DISRUPTED -> AttemptFailure.disrupted(message + (report.disrupted() ? " (pod disrupted)" : " (podFailurePolicy: Ignore)"));
            case RETRY -> AttemptFailure.retryable(message);
        };
    }

    private void collectOrphansForever() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(ORPHAN_INTERVAL);
                orphans.collect();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("collecting orphaned Kubernetes Jobs failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        orphanLoop.interrupt();
        if (ownsClient) {
            client.close();
        }
    }
}
