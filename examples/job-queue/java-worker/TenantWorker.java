import dev.tock.worker.Worker;
import dev.tock.worker.WorkerJob;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/**
 * The job-queue service's worker in Java, on Tock's worker SDK (dev.tock.worker, in tock.jar): leases jobs in
 * batches from the queues tenant-jobs and maintenance, runs each on a virtual thread, heartbeats and reports
 * in batches. On SIGTERM the shutdown hook drains: no new leases, running jobs finish (within the drain
 * grace), their results are sent, then the JVM exits.
 *
 * <pre>
 * TOCK_SERVER=http://127.0.0.1:8080 TOCK_TOKEN=... java -cp tock/tock.jar examples/job-queue/java-worker/TenantWorker.java
 * </pre>
 *
 * Settings (environment) as for python-worker/worker.py: TOCK_SERVER, TOCK_TOKEN, TOCK_NAMESPACE, WORKER_NAME,
 * WORKER_CONCURRENCY, WORKER_DRAIN_GRACE_SECONDS.
 */
public final class TenantWorker {
    private TenantWorker() {
    }

    public static void main(String[] args) throws InterruptedException {
        String name = env("WORKER_NAME", "java-worker");
        Worker.Builder builder = Worker.builder(URI.create(env("TOCK_SERVER", "http://127.0.0.1:8080")));
        if (System.getenv("TOCK_TOKEN") != null) {
            builder.token(System.getenv("TOCK_TOKEN"));     // a worker token: it may only lease and report
        }
        Worker worker = builder
                .name(name)
                .namespace(env("TOCK_NAMESPACE", "jobqueue"))
                .queues(List.of("tenant-jobs", "maintenance"), Map.of("tenant-jobs", 3))
                .concurrency(Integer.parseInt(env("WORKER_CONCURRENCY", "4")))
                .batchSize(Integer.parseInt(env("WORKER_CONCURRENCY", "4")))
                .drainGrace(Duration.ofSeconds(Long.parseLong(env("WORKER_DRAIN_GRACE_SECONDS", "50"))))
                .handler("tenant.report", job -> run(job, name))
                .handler("tenant.export", job -> run(job, name))
                .handler("maintenance.vacuum", job -> run(job, name))
                .build()
                .start();
        CountDownLatch stopped = new CountDownLatch(1);
        // SIGTERM runs the shutdown hooks: close() drains, and the JVM exits when the hook returns.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    /** The work, as the Python worker does it: a job fails while its attempt is within payload.failAttempts. */
    static void run(WorkerJob job, String name) throws InterruptedException {
        String tenant = job.payload().path("tenant").asText("-");
        if (job.attempt() <= job.payload().path("failAttempts").asInt(0)) {
            throw new IllegalStateException("upstream for tenant " + tenant + " unavailable (attempt " + job.attempt() + ")");
        }
        Thread.sleep(job.payload().path("millis").asInt(200));
        job.output(job.type() + " for tenant " + tenant + " done by " + name + " (java)");
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
