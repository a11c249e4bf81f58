package dev.tock.cli.apply;

import picocli.CommandLine.Option;

/** How {@code tock apply}, {@code diff} and {@code import} read Kubernetes manifests among their documents. */
final class KubernetesOptions {

    @Option(names = "--executor", paramLabel = "KIND", defaultValue = "kubernetes",
            description = "How the pod template of a batch/v1 CronJob or Job runs: kubernetes (a Kubernetes Job per attempt, "
                    + "the default) or command (its first container's command, args and env on a Tock node)")
    String executor = "kubernetes";

    @Option(names = "--only-jobs",
            description = "Take only the batch/v1 CronJobs and Jobs of the files, leaving out tock/v1 documents too (other "
                    + "Kubernetes objects are always left out, with a note)")
    boolean onlyJobs;

    KubernetesStream read(java.util.List<DocumentReader.Raw> raws) {
        return KubernetesStream.of(raws, KubernetesManifest.ExecutorMode.parse(executor), onlyJobs);
    }
}
