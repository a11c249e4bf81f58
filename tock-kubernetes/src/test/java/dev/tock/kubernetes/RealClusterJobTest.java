package dev.tock.kubernetes;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.config.KubernetesExecutorConfig;
import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.model.Attempt;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.KubernetesExecutor;
import dev.tock.model.NewJob;
import dev.tock.model.RetryPolicy;
import dev.tock.store.Store;
import dev.tock.store.StoreOptions;
import dev.tock.store.jdbc.JdbcStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * Opt-in: runs real Jobs on the cluster of the kubeconfig file {@code TOCK_TEST_KUBECONFIG} names, in the
 * namespace {@code TOCK_TEST_NAMESPACE} (default {@code default}), which the kubeconfig's user may create
 * Jobs in. Skipped without it, as on CI, which has no cluster. Pulls {@code busybox:1.36}.
 */
@EnabledIfEnvironmentVariable(named = "TOCK_TEST_KUBECONFIG", matches = ".+")
class RealClusterJobTest {
    private static final Duration WAIT = Duration.ofMinutes(3);

    @Test
    void aJobSucceedsAndAFailingOneReportsItsExitCodeAndLog() throws Exception {
        System.setProperty("kubeconfig", System.getenv("TOCK_TEST_KUBECONFIG"));
        String namespace = System.getenv().getOrDefault("TOCK_TEST_NAMESPACE", "default");
        try (Store store = JdbcStore.open(new StoreOptions("jdbc:h2:mem:tock-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", 8, ""))) {
            Tock tock = Tock.builder().store(store).config(TockConfig.builder().nodeId("real-cluster")
                    .kubernetesExecutor(new KubernetesExecutorConfig(true, List.of(namespace))).build()).build().start();
            try {
                JobId ok = tock.jobs().enqueue(job(namespace, "echo hello from tock")).id();
                JobId failing = tock.jobs().enqueue(job(namespace, "echo about to fail; exit 3")).id();
                await(WAIT, "both jobs finished", () -> tock.jobs().get(ok).state().isFinal() && tock.jobs().get(failing).state().isFinal());
                assertThat(tock.jobs().get(ok).state()).isEqualTo(JobState.SUCCEEDED);
                assertThat(tock.jobs().attempts(ok).getLast().output().orElseThrow()).contains("hello from tock");
                Attempt failed = tock.jobs().attempts(failing).getLast();
                assertThat(tock.jobs().get(failing).state()).isEqualTo(JobState.DEAD);
                assertThat(failed.error().orElseThrow()).contains("exit code 3");
                assertThat(failed.output().orElseThrow()).contains("about to fail");
            } finally {
                tock.stop(Duration.ofSeconds(5));
                System.clearProperty("kubeconfig");
            }
        }
    }

    private static NewJob job(String namespace, String script) throws Exception {
        ObjectNode template = (ObjectNode) new ObjectMapper().readTree("""
                {"template": {"spec": {"containers": [{"name": "main", "image": "busybox:1.36",
                  "command": ["sh", "-c", %s]}]}}}""".formatted(new ObjectMapper().writeValueAsString(script)));
        return NewJob.builder("real-cluster").executor(new KubernetesExecutor(namespace, template, Map.of(), Map.of()))
                .retry(RetryPolicy.NONE).timeout(Duration.ofMinutes(2)).build();
    }
}
