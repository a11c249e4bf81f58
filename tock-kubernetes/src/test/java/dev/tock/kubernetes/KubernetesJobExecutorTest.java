package dev.tock.kubernetes;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.config.KubernetesExecutorConfig;
import dev.tock.config.SecretKeyConfig;
import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.executor.spi.ExecutorSetup;
import dev.tock.handler.JobContext;
import dev.tock.handler.OutputTail;
import dev.tock.handler.StopReason;
import dev.tock.model.Attempt;
import dev.tock.model.AttemptOutcome;
import dev.tock.model.InvalidJobException;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.KubernetesExecutor;
import dev.tock.model.LeasedJob;
import dev.tock.model.NewJob;
import dev.tock.model.RetryPolicy;
import dev.tock.model.SecretKeyRef;
import dev.tock.secret.Secret;
import dev.tock.store.LeaseRequest;
import dev.tock.store.Store;
import dev.tock.store.StoreOptions;
import dev.tock.store.jdbc.JdbcStore;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The Kubernetes executor against fabric8's mock API server in CRUD mode, with {@link MockJobController}
 * standing in for the Job controller and the kubelet. API-level: what Tock asks of the API server and how it
 * reads the answers; no container runs.
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesJobExecutorTest {
    private static final String NS = "batch";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SECRET_KEY = Base64.getEncoder().encodeToString(new byte[32]);

    static KubernetesMockServer server;
    static KubernetesClient client;

    private Store store;
    private MockJobController controller;
    private final List<Tock> nodes = new ArrayList<>();
    private final List<KubernetesJobExecutor> closeAfter = new ArrayList<>();

    @BeforeEach
    void pointTheClientAtTheMockServer() {
        // The provider builds its client as in production (auto-configuration); these make it find the mock.
        System.setProperty("kubernetes.master", client.getMasterUrl().toString());
        System.setProperty("kubernetes.trust.certificates", "true");
        System.setProperty("kubernetes.auth.tryKubeConfig", "false");
        System.setProperty("kubernetes.auth.tryServiceAccount", "false");
        store = JdbcStore.open(new StoreOptions("jdbc:h2:mem:tock-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1", 8, ""));
        controller = new MockJobController(client, NS);
    }

    @AfterEach
    void stop() {
        nodes.forEach(n -> n.stop(Duration.ofSeconds(2)));
        closeAfter.forEach(KubernetesJobExecutor::close);
        controller.close();
        store.close();
        client.batch().v1().jobs().inNamespace(NS).delete();
        client.pods().inNamespace(NS).delete();
        List.of("kubernetes.master", "kubernetes.trust.certificates", "kubernetes.auth.tryKubeConfig",
                "kubernetes.auth.tryServiceAccount").forEach(System::clearProperty);
    }

    private TockConfig.Builder config(String node) {
        return TockConfig.builder().nodeId(node).workerThreads(4).leaseDuration(Duration.ofSeconds(5))
                .heartbeatInterval(Duration.ofSeconds(1)).reaperInterval(Duration.ofMillis(200))
                .pollInterval(Duration.ofMillis(200)).secretKey(SecretKeyConfig.none().withKey(SECRET_KEY))
                .kubernetesExecutor(new KubernetesExecutorConfig(true, List.of(NS)));
    }

    private Tock node(String name) {
        return node(config(name).build());
    }

    /** A node that only creates and reads jobs; stopped after the test, which closes its executor. */
    private Tock unstarted(String name) {
        Tock tock = Tock.builder().config(config(name).build()).store(store).build();
        nodes.add(tock);
        return tock;
    }

    private Tock node(TockConfig config) {
        Tock tock = Tock.builder().config(config).store(store).build();
        nodes.add(tock);
        return tock.start();
    }

    private static ObjectNode template(String extra) {
        try {
            return (ObjectNode) JSON.readTree("""
                    {"template": {"spec": {"containers": [{"name": "main", "image": "busybox:1.36",
                      "command": ["sh", "-c", "echo hi"], "env": [{"name": "FROM_TEMPLATE", "value": "x"}]}]}}%s}"""
                    .formatted(extra));
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }

    private static KubernetesExecutor executor(String extra) {
        return new KubernetesExecutor(NS, template(extra), Map.of("MODE", "full"), Map.of());
    }

    private static NewJob job(KubernetesExecutor executor, RetryPolicy retry) {
        return NewJob.builder("report").executor(executor).retry(retry).build();
    }

    private static RetryPolicy attempts(int n) {
        return new RetryPolicy(n, Duration.ofMillis(10), Duration.ofMillis(50), 2.0, 0.0);
    }

    private String awaitKubernetesJob(JobId id, int attempt) {
        String name = JobLabels.jobName(id, attempt);
        await(WAIT, "Kubernetes Job " + name, () -> client.batch().v1().jobs().inNamespace(NS).withName(name).get() != null
                && client.pods().inNamespace(NS).withName(MockJobController.podName(name)).get() != null);
        return name;
    }

    private Job awaitState(Tock tock, JobId id, JobState state) {
        return await(WAIT, "job " + id + " to be " + state, () -> tock.jobs().get(id), j -> j.state() == state);
    }

    private void expectLog(String jobName, String log) {
        server.expect().get().withPath("/api/v1/namespaces/" + NS + "/pods/" + MockJobController.podName(jobName)
                + "/log?pretty=false&container=main&tailLines=" + PodReport.LOG_LINES).andReturn(200, log).always();
    }

    @Test
    void aSucceededJobRunsOneLabelledJobWithTocksRetriesAndVariablesAndCopiesItsLogTail() {
        Tock tock = node("a");
        tock.secrets().save(Secret.of("default", "db", Map.of("password", "s3cret")));
        KubernetesExecutor spec = new KubernetesExecutor(NS, template(""), Map.of("MODE", "full"),
                Map.of("DB_PASSWORD", new SecretKeyRef("db", "password")));
        JobId id = tock.jobs().enqueue(job(spec, attempts(3))).id();

        String name = awaitKubernetesJob(id, 1);
        var created = client.batch().v1().jobs().inNamespace(NS).withName(name).get();
        assertThat(created.getMetadata().getLabels()).containsEntry(JobLabels.JOB_ID, id.toString())
                .containsEntry(JobLabels.ATTEMPT, "1").containsKey(JobLabels.LEASE_TOKEN)
                .containsEntry(JobLabels.MANAGED_BY, "tock");
        assertThat(created.getSpec().getBackoffLimit()).isZero();
        assertThat(created.getSpec().getTemplate().getSpec().getRestartPolicy()).isEqualTo("Never");
        assertThat(created.getSpec().getTemplate().getSpec().getContainers().get(0).getEnv()).extracting(EnvVar::getName, EnvVar::getValue)
                .contains(org.assertj.core.groups.Tuple.tuple("FROM_TEMPLATE", "x"), org.assertj.core.groups.Tuple.tuple("MODE", "full"),
                        org.assertj.core.groups.Tuple.tuple("DB_PASSWORD", "s3cret"),
                        org.assertj.core.groups.Tuple.tuple("TOCK_JOB_ID", id.toString()),
                        org.assertj.core.groups.Tuple.tuple("TOCK_ATTEMPT", "1"));

        expectLog(name, "line 1\nall done\n");
        controller.succeed(name);

        awaitState(tock, id, JobState.SUCCEEDED);
        Attempt attempt = tock.jobs().attempts(id).getLast();
        assertThat(attempt.output().orElseThrow()).contains("Kubernetes Job batch/" + name + " (busybox:1.36)")
                .contains("exit code 0").contains("all done");
        assertThat(controller.created()).containsExactly(name);
        await(WAIT, "the finished Job deleted", () -> client.batch().v1().jobs().inNamespace(NS).withName(name).get() == null);
    }

    @Test
    void aRetryableExitCodeFailsTheAttemptWithItsTerminationMessageAndTheNextAttemptIsANewJob() {
        Tock tock = node("a");
        JobId id = tock.jobs().enqueue(job(executor(""), attempts(2))).id();
        String first = awaitKubernetesJob(id, 1);
        expectLog(first, "connecting...\nrefused\n");
        controller.fail(first, 3, "database refused the connection");

        String second = awaitKubernetesJob(id, 2);
        controller.succeed(second);
        awaitState(tock, id, JobState.SUCCEEDED);

        Attempt failed = tock.jobs().attempts(id).getFirst();
        assertThat(failed.outcome()).isEqualTo(AttemptOutcome.FAILED);
        assertThat(failed.error().orElseThrow()).contains("exit code 3: database refused the connection");
        assertThat(failed.output().orElseThrow()).contains("termination message: database refused the connection").contains("refused");
        assertThat(controller.created()).containsExactly(first, second);
    }

    @Test
    void anExitCodeThePodFailurePolicyMarksFailJobEndsTheJobWithoutRetries() {
        Tock tock = node("a");
        KubernetesExecutor spec = executor(", \"podFailurePolicy\": {\"rules\": [{\"action\": \"FailJob\", \"onExitCodes\":"
                + " {\"containerName\": \"main\", \"operator\": \"In\", \"values\": [42]}}]}");
        JobId id = tock.jobs().enqueue(job(spec, attempts(3))).id();
        String name = awaitKubernetesJob(id, 1);
        var created = client.batch().v1().jobs().inNamespace(NS).withName(name).get();
        assertThat(created.getSpec().getPodFailurePolicy()).as("Tock applies the policy itself").isNull();

        controller.fail(name, 42, "bad input");

        Job dead = awaitState(tock, id, JobState.DEAD);
        assertThat(dead.attempts()).isEqualTo(1);
        assertThat(dead.lastError().orElseThrow()).contains("exit code 42: bad input").contains("FailJob");
        assertThat(controller.created()).containsExactly(name);
    }

    @Test
    void aDisruptedPodIsRetriedWithoutCountingAgainstTheAttempts() {
        Tock tock = node("a");
        JobId id = tock.jobs().enqueue(job(executor(""), attempts(1))).id();
        String first = awaitKubernetesJob(id, 1);
        controller.disrupt(first);

        // One attempt allowed, yet a second Job follows: the disruption was not the job's failure.
        String second = awaitKubernetesJob(id, 2);
        controller.succeed(second);
        awaitState(tock, id, JobState.SUCCEEDED);
        Attempt disrupted = tock.jobs().attempts(id).getFirst();
        assertThat(disrupted.outcome()).isEqualTo(AttemptOutcome.DISRUPTED);
        assertThat(disrupted.error().orElseThrow()).contains("exit code 137").contains("disrupted");
    }

    @Test
    void aTimeoutDeletesTheJobWithForegroundPropagation() throws Exception {
        Tock tock = node("a");
        JobId id = tock.jobs().enqueue(NewJob.builder("report").executor(executor("")).retry(attempts(1))
                .timeout(Duration.ofSeconds(2)).build()).id();

        Job dead = awaitState(tock, id, JobState.DEAD);
        assertThat(tock.jobs().attempts(id).getFirst().outcome()).isEqualTo(AttemptOutcome.TIMED_OUT);
        assertThat(dead.lastError().orElseThrow()).contains("timed out after 2s");
        // The Job may be gone before the test ever reads it: the controller saw it made.
        String name = JobLabels.jobName(id, 1);
        assertThat(controller.created()).containsExactly(name);
        await(WAIT, "the Job deleted", () -> client.batch().v1().jobs().inNamespace(NS).withName(name).get() == null);
        assertThat(foregroundDeletes()).contains(name);
    }

    @Test
    void aCancelDeletesTheJobWithForegroundPropagation() throws Exception {
        Tock tock = node("a");
        JobId id = tock.jobs().enqueue(job(executor(""), attempts(3))).id();
        String name = awaitKubernetesJob(id, 1);

        tock.jobs().cancel(id);

        awaitState(tock, id, JobState.CANCELLED);
        await(WAIT, "the Job deleted", () -> client.batch().v1().jobs().inNamespace(NS).withName(name).get() == null);
        assertThat(foregroundDeletes()).contains(name);
        assertThat(controller.created()).containsExactly(name);
    }

    @Test
    void whenTheNodeDiesTheNextHolderAdoptsTheRunningJobInsteadOfCreatingASecond() throws Exception {
        JobId id = unstarted("api").jobs()
                .enqueue(job(executor(""), attempts(3))).id();
        // A node leases the job and starts its attempt: the Job is created...
        LeasedJob leased = store.leases().lease(new LeaseRequest("doomed", Set.of(), 1, Duration.ofMillis(300),
                Set.of(KubernetesExecutor.KUBERNETES))).getFirst();
        KubernetesJobExecutor doomed = new KubernetesJobExecutor(client, setup(), false);
        closeAfter.add(doomed);
        Thread attempt = Thread.ofVirtual().start(() -> {
            try {
                doomed.handle(new JobContext(leased.job(), "doomed", Optional.empty(), new OutputTail(4096),
                        leased.lease().leaseToken(), () -> Optional.of(StopReason.LEASE_LOST)));
            } catch (Exception e) {
                // the node is dead; nothing it does counts
            }
        });
        String name = awaitKubernetesJob(id, 1);
        // ...and the node dies: it heartbeats no more, and nothing it does after reaches the API server.
        attempt.interrupt();
        attempt.join(WAIT);

        Tock rescuer = node("rescuer");
        await(WAIT, "the rescuer's attempt", () -> rescuer.jobs().get(id).attempts() == 2);
        String doomedToken = Long.toString(leased.lease().leaseToken());
        await(WAIT, "the Job relabelled with the rescuer's lease token", () -> !doomedToken.equals(client.batch().v1().jobs()
                .inNamespace(NS).withName(name).get().getMetadata().getLabels().get(JobLabels.LEASE_TOKEN)));
        controller.succeed(name);

        awaitState(rescuer, id, JobState.SUCCEEDED);
        assertThat(controller.created()).as("no second Job").containsExactly(name);
        List<Attempt> history = rescuer.jobs().attempts(id);
        assertThat(history.getFirst().outcome()).isEqualTo(AttemptOutcome.LEASE_EXPIRED);
        assertThat(history.getLast().output().orElseThrow()).contains("adopted Kubernetes Job batch/" + name);
        assertThat(foregroundDeletes()).as("the adopted Job is not stopped").doesNotContain(name);
    }

    @Test
    void aCancelThatReachesTheNodeAsALostLeaseStillDeletesTheJob() throws Exception {
        Tock api = unstarted("api");
        JobId id = api.jobs().enqueue(job(executor(""), attempts(3))).id();
        LeasedJob leased = store.leases().lease(new LeaseRequest("worker", Set.of(), 1, Duration.ofSeconds(30),
                Set.of(KubernetesExecutor.KUBERNETES))).getFirst();
        KubernetesJobExecutor worker = new KubernetesJobExecutor(client, setup(), false);
        closeAfter.add(worker);
        Thread attempt = Thread.ofVirtual().start(() -> {
            try {
                worker.handle(new JobContext(leased.job(), "worker", Optional.empty(), new OutputTail(4096),
                        leased.lease().leaseToken(), () -> Optional.of(StopReason.LEASE_LOST)));
            } catch (Exception e) {
                // stopped, as expected
            }
        });
        String name = awaitKubernetesJob(id, 1);

        // The cancel takes the lease away; the worker's heartbeat finds it gone and interrupts the attempt.
        api.jobs().cancel(id);
        attempt.interrupt();
        attempt.join(WAIT);

        await(WAIT, "the Job deleted", () -> client.batch().v1().jobs().inNamespace(NS).withName(name).get() == null);
        assertThat(foregroundDeletes()).contains(name);
    }

    @Test
    void orphansWhoseTockJobIsFinishedOrGoneAreCollectedAndOthersKeptForAdoption() {
        Tock tock = unstarted("api");
        JobId cancelled = tock.jobs().enqueue(job(executor(""), attempts(1)).withRunAt(java.time.Instant.now().plusSeconds(3600))).id();
        tock.jobs().cancel(cancelled);
        JobId waiting = tock.jobs().enqueue(job(executor(""), attempts(1)).withRunAt(java.time.Instant.now().plusSeconds(3600))).id();
        JobId gone = JobId.generate();
        for (JobId id : List.of(cancelled, waiting, gone)) {
            client.batch().v1().jobs().inNamespace(NS).resource(new JobBuilder().withNewMetadata()
                    .withName(JobLabels.jobName(id, 1)).withLabels(JobLabels.of(id, 1, 7)).endMetadata()
                    .withNewSpec().withNewTemplate().withNewSpec().addNewContainer().withName("main").withImage("busybox")
                    .endContainer().endSpec().endTemplate().endSpec().build()).create();
        }
        KubernetesJobExecutor executor = new KubernetesJobExecutor(client, setup(), false);
        closeAfter.add(executor);

        assertThat(executor.collectOrphans()).containsExactlyInAnyOrder(JobLabels.jobName(cancelled, 1), JobLabels.jobName(gone, 1));
        assertThat(client.batch().v1().jobs().inNamespace(NS).list().getItems()).extracting(j -> j.getMetadata().getName())
                .containsExactly(JobLabels.jobName(waiting, 1));
    }

    @Test
    void specsAreCheckedAtCreationNamingTheField() {
        Tock tock = node("a");
        assertThatThrownBy(() -> tock.jobs().enqueue(job(new KubernetesExecutor("elsewhere", template(""), Map.of(), Map.of()),
                attempts(1)))).isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.field()).isEqualTo("executor.namespace"));
        assertThatThrownBy(() -> tock.jobs().enqueue(job(executor(", \"activeDeadlineSeconds\": \"soon\""), attempts(1))))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.field()).isEqualTo("executor.jobTemplate"))
                .hasMessageContaining("\"soon\"");
        Tock disabled = Tock.builder().config(config("off").kubernetesExecutor(KubernetesExecutorConfig.disabled()).build())
                .store(store).build();
        assertThatThrownBy(() -> disabled.jobs().enqueue(job(executor(""), attempts(1))))
                .isInstanceOfSatisfying(InvalidJobException.class, e -> assertThat(e.field()).isEqualTo("executor.kind"));
    }

    private ExecutorSetup setup() {
        return new ExecutorSetup(config("direct").build(), dev.tock.secret.SecretResolver.NONE,
                id -> store.jobs().find(id).map(Job::state));
    }

    /** The Jobs the server was asked to delete with foreground propagation. */
    private List<String> foregroundDeletes() throws InterruptedException {
        List<String> names = new ArrayList<>();
        RecordedRequest request;
        while ((request = server.takeRequest(100, TimeUnit.MILLISECONDS)) != null) {
            if (request.getMethod().equals("DELETE") && request.getPath().contains("/jobs/")
                    && request.getBody().readUtf8().contains("\"propagationPolicy\":\"Foreground\"")) {
                String path = request.getPath();
                names.add(path.substring(path.lastIndexOf('/') + 1).replaceAll("\\?.*", ""));
            }
        }
        return names;
    }
}
