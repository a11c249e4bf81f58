package dev.tock.worker;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.model.Attempt;
import dev.tock.model.AttemptOutcome;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import java.io.BufferedReader;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkerTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private final List<AutoCloseable> open = new ArrayList<>();

    private <T extends AutoCloseable> T closeLater(T resource) {
        open.add(0, resource);
        return resource;
    }

    @AfterEach
    void closeAll() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private static Worker.Builder worker(URI server, String name, String queue) {
        return Worker.builder(server).name(name).queue(queue).token(TestServer.WORKER_TOKEN).leaseDuration(Duration.ofSeconds(5))
                .heartbeatInterval(Duration.ofMillis(500)).drainGrace(Duration.ofSeconds(5))
                .backoff(Duration.ofMillis(50), Duration.ofMillis(200));
    }

    @Test
    void twoCompetingWorkersRunEveryJobExactlyOnce() {
        TestServer server = closeLater(new TestServer());
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> perWorker = new ConcurrentHashMap<>();
        for (String name : List.of("w1", "w2")) {
            closeLater(worker(server.uri(), name, "work").concurrency(8).batchSize(20).handler("t", job -> {
                runs.computeIfAbsent(job.id(), k -> new AtomicInteger()).incrementAndGet();
                perWorker.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                Thread.sleep(2);
            }).build().start());
        }
        server.enqueue("work", "t", 500);

        await(WAIT, "500 jobs to succeed", () -> server.count(JobState.SUCCEEDED) == 500);
        assertThat(runs).hasSize(500);
        assertThat(runs.values()).allSatisfy(n -> assertThat(n.get()).isEqualTo(1));
        assertThat(perWorker.keySet()).as("both workers ran jobs").containsExactlyInAnyOrder("w1", "w2");
        assertThat(server.tock.cluster().nodes()).extracting(n -> n.node().id()).contains("w1", "w2");
    }

    @Test
    void oneWorkerLeasingThreeQueuesGetsWorkFromEachByWeight() {
        TestServer server = closeLater(new TestServer());
        for (String queue : List.of("a", "b", "c")) {
            server.enqueue(queue, "t", 300);
        }
        List<String> ran = new CopyOnWriteArrayList<>();
        closeLater(worker(server.uri(), "multi", "default").queues(List.of("a", "b", "c"), Map.of("a", 3)).concurrency(5).batchSize(5)
                .handler("t", job -> ran.add(job.queue())).build().start());

        await(WAIT, "150 jobs to run", () -> ran.size() >= 150);
        Map<String, Integer> counts = new ConcurrentHashMap<>();
        ran.subList(0, 150).forEach(q -> counts.merge(q, 1, Integer::sum));
        assertThat(counts.get("a")).as("weight 3 of 5: %s", counts).isBetween(70, 110);
        assertThat(counts.get("b")).as("weight 1 of 5: %s", counts).isBetween(15, 45);
        assertThat(counts.get("c")).as("weight 1 of 5: %s", counts).isBetween(15, 45);
        assertThat(server.tock.cluster().nodes().stream().filter(n -> n.node().id().equals("multi")).findFirst().orElseThrow()
                .node().handles()).contains("queue:default/a", "queue:default/b", "queue:default/c");
    }

    @Test
    void aWorkerKilledMidJobLosesNothing() throws Exception {
        TestServer server = closeLater(new TestServer());
        List<JobId> ids = server.enqueue("crash", "work", 10);
        List<String> started = new CopyOnWriteArrayList<>();
        Process child = new ProcessBuilder(ProcessHandle.current().info().command().orElseThrow(), "-cp",
                System.getProperty("java.class.path"), WorkerChild.class.getName(), server.uri().toString(), TestServer.WORKER_TOKEN)
                .redirectErrorStream(true).start();
        closeLater(child::destroyForcibly);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = child.inputReader()) {
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    if (line.startsWith("RUNNING ")) {
                        started.add(line.substring(8));
                    }
                }
            } catch (java.io.IOException e) {
                // the child is gone
            }
        });
        await(WAIT, "the child worker to run 4 jobs", () -> started.size() == 4);
        child.destroyForcibly().waitFor();

        closeLater(worker(server.uri(), "survivor", "crash").handler("work", job -> { }).build().start());
        await(WAIT, "all 10 jobs to succeed", () -> server.count(JobState.SUCCEEDED) == 10);
        for (String id : started) {
            List<Attempt> attempts = server.tock.jobs().attempts(JobId.parse(id));
            assertThat(attempts).extracting(Attempt::outcome).containsExactly(AttemptOutcome.LEASE_EXPIRED, AttemptOutcome.SUCCEEDED);
            assertThat(attempts.get(0).node()).isEqualTo("doomed");
            assertThat(attempts.get(1).node()).isEqualTo("survivor");
        }
        assertThat(ids).allSatisfy(id -> assertThat(server.tock.jobs().get(id).state()).isEqualTo(JobState.SUCCEEDED));
    }

    @Test
    void aLongPollingWorkerStartsJobsAsTheyArrive() {
        TestServer server = closeLater(new TestServer());
        CountDownLatch ran = new CountDownLatch(1);
        closeLater(worker(server.uri(), "poller", "q").waitFor(Duration.ofSeconds(20)).handler("t", job -> ran.countDown())
                .build().start());
        dev.tock.testing.Eventually.sleep(300); // let the worker reach its long poll
        server.enqueue("q", "t", 1);
        // The server's poll interval is 30s and the wait 20s: only a wake-up makes this bound.
        await(Duration.ofSeconds(10), "the job to run", () -> ran.getCount() == 0);
    }

    @Test
    void failuresOutputsAndResultsReachTheServer() {
        TestServer server = closeLater(new TestServer());
        List<JobId> ids = server.enqueue("q", "t", 3);
        closeLater(worker(server.uri(), "w", "q").handler("t", job -> {
            int n = job.payload().get("n").asInt();
            job.output("working on " + n);
            switch (n) {
                case 0 -> job.result(Map.of("ok", true));
                case 1 -> throw JobFailure.permanent("bad input");
                default -> throw new IllegalStateException("flaky");
            }
        }).build().start());

        await(WAIT, "jobs to end", () -> server.count(JobState.SUCCEEDED) == 1 && server.count(JobState.DEAD) == 2);
        assertThat(server.tock.jobs().attempts(ids.get(0)).get(0).output()).contains("working on 0\n{\"ok\":true}");
        assertThat(server.tock.jobs().get(ids.get(1)).attempts()).isEqualTo(1);
        assertThat(server.tock.jobs().get(ids.get(1)).lastError()).contains("bad input");
        assertThat(server.tock.jobs().get(ids.get(2)).attempts()).as("retried per policy").isEqualTo(3);
        assertThat(server.tock.jobs().get(ids.get(2)).lastError()).contains("java.lang.IllegalStateException: flaky");
    }

    @Test
    void aWorkerBacksOffWhileTheServerIsUnreachableThenCarriesOn() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        Set<String> ran = ConcurrentHashMap.newKeySet();
        closeLater(worker(URI.create("http://127.0.0.1:" + port), "patient", "q").handler("t", job -> ran.add(job.id()))
                .build().start());
        dev.tock.testing.Eventually.sleep(500); // a few failed tries
        TestServer server = closeLater(new TestServer(port));
        List<JobId> ids = server.enqueue("q", "t", 5);
        await(WAIT, "the jobs to run once the server is up", () -> server.count(JobState.SUCCEEDED) == 5);
        assertThat(ran).hasSize(5).containsAll(ids.stream().map(JobId::toString).toList());
    }

    @Test
    void closingDrainsFinishedJobsAndGivesBackUnfinishedOnes() {
        TestServer server = closeLater(new TestServer());
        List<JobId> ids = server.enqueue("q", "t", 2);
        CountDownLatch bothStarted = new CountDownLatch(2);
        Worker worker = worker(server.uri(), "drainer", "q").concurrency(2).handler("t", job -> {
            bothStarted.countDown();
            bothStarted.await();
            if (job.payload().get("n").asInt() == 1) {
                Thread.sleep(Long.MAX_VALUE); // never finishes: given back at close
            }
        }).build().start();
        await(WAIT, "both jobs to start", () -> bothStarted.getCount() == 0);

        worker.stop(Duration.ofMillis(300));

        assertThat(server.tock.jobs().get(ids.get(0)).state()).isEqualTo(JobState.SUCCEEDED);
        var unfinished = server.tock.jobs().get(ids.get(1));
        assertThat(unfinished.state()).isEqualTo(JobState.READY);
        assertThat(unfinished.attempts()).as("giving back counts no attempt").isZero();
    }

    @Test
    void aWorkerStoppedDuringItsLongPollLeasesNothingAfterwards() {
        TestServer server = closeLater(new TestServer());
        Worker worker = worker(server.uri(), "leaver", "q").waitFor(Duration.ofSeconds(20)).handler("t", job -> { }).build().start();
        dev.tock.testing.Eventually.sleep(300); // into its long poll
        worker.stop(Duration.ofSeconds(1));
        List<JobId> ids = server.enqueue("q", "t", 3);
        dev.tock.testing.Eventually.sleep(300);
        assertThat(ids).allSatisfy(id -> {
            assertThat(server.tock.jobs().get(id).state()).isEqualTo(JobState.READY);
            assertThat(server.tock.jobs().get(id).attempts()).isZero();
        });
    }

    @Test
    void aWorkerThatStopsCleanlyLeavesTheClusterWhileAnotherInstanceOfItsNameStays() {
        TestServer server = closeLater(new TestServer());
        Worker leaving = worker(server.uri(), "leaving", "q").handler("t", job -> { }).build().start();
        Worker first = worker(server.uri(), "shared", "q").handler("t", job -> { }).build().start();
        closeLater(worker(server.uri(), "shared", "q").handler("t", job -> { }).build().start());
        await(WAIT, "the workers to register", () -> nodeIds(server).containsAll(List.of("leaving", "shared")));

        leaving.stop(Duration.ofSeconds(1));
        first.stop(Duration.ofSeconds(1));
        assertThat(nodeIds(server)).as("gone as soon as it stopped, not an hour later").doesNotContain("leaving");
        await(WAIT, "the instance of shared that still runs to be listed", () -> nodeIds(server).contains("shared"));
        dev.tock.testing.Eventually.sleep(1_000); // two heartbeat intervals: nothing the stopped worker sends brings it back
        assertThat(nodeIds(server)).doesNotContain("leaving").contains("shared");
    }

    private static List<String> nodeIds(TestServer server) {
        return server.tock.cluster().nodes().stream().map(n -> n.node().id()).toList();
    }

    @Test
    void aHandlerRunningPastTheJobsTimeoutIsInterruptedAndTheAttemptFails() {
        TestServer server = closeLater(new TestServer());
        JobId id = server.tock.jobs().enqueue(dev.tock.model.NewJob.builder("t").queue("q").timeout(Duration.ofMillis(300))
                .retry(dev.tock.model.RetryPolicy.NONE).build()).id();
        AtomicInteger interrupted = new AtomicInteger();
        closeLater(worker(server.uri(), "w", "q").handler("t", job -> {
            try {
                Thread.sleep(60_000);
            } catch (InterruptedException e) {
                interrupted.incrementAndGet();
                throw e;
            }
        }).build().start());
        await(WAIT, "the job to die", () -> server.tock.jobs().get(id).state() == JobState.DEAD);
        assertThat(interrupted.get()).isEqualTo(1);
        assertThat(server.tock.jobs().get(id).lastError()).hasValueSatisfying(e -> assertThat(e).startsWith("timed out after 300 ms on worker w"));
    }
}
