package dev.tock.kubernetes;

import dev.tock.model.InvalidJobException;
import dev.tock.model.Job;
import dev.tock.model.KubernetesExecutor;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpec;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a job's {@link KubernetesExecutor} into the {@code batch/v1} Job of one attempt: the template as
 * given, with {@code backoffLimit: 0} (retries are Tock's), restart policy {@code Never}, no
 * {@code podFailurePolicy} (Tock applies it, see {@link FailurePolicy}), Tock's labels on the Job and its
 * pods, and Tock's variables added to every container.
 */
final class JobManifest {
    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();

    private JobManifest() {
    }

    /** The template read as a JobSpec; a template Kubernetes' model cannot read is refused naming the field. */
    static JobSpec spec(KubernetesExecutor executor) {
        try {
            return SERIALIZATION.unmarshal(executor.jobTemplate().toString(), JobSpec.class);
        } catch (RuntimeException e) {
            throw new InvalidJobException("executor.jobTemplate", "is not a batch/v1 JobSpec: " + KubernetesErrors.describe(e));
        }
    }

    /**
     * The Job for attempt {@code job.attempts()}.
     *
     * @param fromSecrets values read from Tock's Secrets for the executor's {@code env}
     */
    static io.fabric8.kubernetes.api.model.batch.v1.Job of(KubernetesExecutor executor, Job job, long leaseToken,
                                                          Map<String, String> fromSecrets) {
        Map<String, String> labels = JobLabels.of(job.id(), job.attempts(), leaseToken);
        JobSpec spec = spec(executor);
        spec.setBackoffLimit(0);
        spec.setPodFailurePolicy(null);
        PodTemplateSpec template = spec.getTemplate();
        ObjectMeta podMeta = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        Map<String, String> podLabels = new LinkedHashMap<>(podMeta.getLabels() == null ? Map.of() : podMeta.getLabels());
        podLabels.putAll(labels);
        podMeta.setLabels(podLabels);
        template.setMetadata(podMeta);
        PodSpec pod = template.getSpec();
        pod.setRestartPolicy("Never");
        List<EnvVar> added = tockEnv(executor, job, fromSecrets);
        for (Container c : pod.getContainers()) {
            List<EnvVar> env = new ArrayList<>(c.getEnv() == null ? List.of() : c.getEnv());
            env.addAll(added);
            c.setEnv(env);
        }
        return new JobBuilder()
                .withNewMetadata().withName(JobLabels.jobName(job.id(), job.attempts())).withNamespace(executor.namespace())
                .withLabels(labels).endMetadata()
                .withSpec(spec)
                .build();
    }

    private static List<EnvVar> tockEnv(KubernetesExecutor executor, Job job, Map<String, String> fromSecrets) {
        List<EnvVar> env = new ArrayList<>();
        executor.env().forEach((name, value) -> env.add(new EnvVar(name, value, null)));
        fromSecrets.forEach((name, value) -> env.add(new EnvVar(name, value, null)));
        env.add(new EnvVar("TOCK_JOB_ID", job.id().toString(), null));
        env.add(new EnvVar("TOCK_JOB_TYPE", job.type(), null));
        env.add(new EnvVar("TOCK_ATTEMPT", Integer.toString(job.attempts()), null));
        env.add(new EnvVar("TOCK_NAMESPACE", job.namespace(), null));
        job.nominalTime().ifPresent(t -> env.add(new EnvVar("TOCK_NOMINAL_TIME", t.toString(), null)));
        return env;
    }
}
