package dev.tock.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.stream.IntStream;
import org.jobrunr.configuration.JobRunr;
import org.jobrunr.configuration.JobRunrConfiguration.JobRunrConfigurationResult;
import org.jobrunr.scheduling.JobScheduler;
import org.jobrunr.server.BackgroundJobServer;
import org.jobrunr.server.BackgroundJobServerConfiguration;
import org.jobrunr.server.JobActivator;
import org.jobrunr.storage.sql.postgres.PostgresStorageProvider;

/**
 * JobRunr open source with its PostgreSQL storage provider (tables created by its own migrations) and
 * the smallest poll interval it accepts for an SQL store, 5 s. Jobs are instance-method lambdas on
 * {@link JobRunrJobs}; pre-enqueued jobs go in through its stream API (batched inserts).
 */
final class JobRunrContender implements Contender {
    /** JobRunr refuses a shorter poll interval for SQL storage ("otherwise it will cause too much load"). */
    static final Duration POLL_INTERVAL = Duration.ofSeconds(5);
    /** How long a run may take to record its jobs done after every handler ran. */
    private static final Duration RUN_LIMIT = Duration.ofMinutes(5);

    private final PeerSchemas schemas;

    JobRunrContender(PeerSchemas schemas) {
        this.schemas = schemas;
    }

    @Override
    public String name() {
        return "JobRunr";
    }

    @Override
    public String id() {
        return "jobrunr";
    }

    @Override
    public String configuration() {
        return "JobRunr " + Versions.of("jobrunr")
                + " open source, `PostgresStorageProvider`, poll interval 5 s (the smallest it accepts for SQL storage),"
                + " `andWorkerCount(n)`, the same pool";
    }

    @Override
    public Outcome enqueue(int jobs, int producers) {
        try (Schema schema = schemas.create(id()); Instance jobrunr = new Instance(schema, new Tally(1), producers)) {
            double rate = Producers.run(jobs, producers, i -> jobrunr.scheduler.<JobRunrJobs>enqueue(j -> j.noop(i)));
            return Outcome.counted(rate, jobs, schema.count("select count(*) from jobrunr_jobs"));
        }
    }

    @Override
    public Outcome execute(int jobs, int threads, Duration limit) {
        try (Schema schema = schemas.create(id())) {
            Tally tally = new Tally(jobs);
            try (Instance jobrunr = new Instance(schema, tally, threads)) {
                jobrunr.scheduler.<JobRunrJobs, Integer>enqueue(IntStream.range(0, jobs).boxed(), (j, i) -> j.noop(i));
                schemas.filled(schema);
                long start = System.nanoTime();
                jobrunr.server.start();
                if (!tally.awaitWithin(limit)) {
                    return Outcome.stopped(tally.distinct() / ((System.nanoTime() - start) / 1e9), jobs, tally.distinct());
                }
                Waits.until(() -> schema.count("select count(*) from jobrunr_jobs where state = 'SUCCEEDED'") == jobs,
                        RUN_LIMIT, () -> "jobs not yet succeeded");
                double rate = jobs / ((System.nanoTime() - start) / 1e9);
                tally.requireEachRanOnce(name());
                return Outcome.counted(rate, jobs, tally.distinct());
            }
        }
    }

    @Override
    public Outcome lateness(int jobs, Duration ahead, int threads) {
        try (Schema schema = schemas.create(id())) {
            Tally tally = new Tally(jobs);
            try (Instance jobrunr = new Instance(schema, tally, threads)) {
                jobrunr.server.start();
                Instant first = Instant.now().plus(ahead);
                for (int i = 0; i < jobs; i++) {
                    int index = i;
                    long due = first.plusMillis(i * 1000L / jobs).toEpochMilli();
                    jobrunr.scheduler.<JobRunrJobs>schedule(Instant.ofEpochMilli(due), j -> j.late(index, due));
                }
                tally.await(ahead.plusMinutes(2), name());
                tally.requireEachRanOnce(name());
                return Outcome.lateness(tally.lateness(), jobs, tally.distinct());
            }
        }
    }

    @Override
    public Optional<Outcome> cron(int schedules, Duration duration, int threads) {
        return Optional.empty();
    }

    @Override
    public String cronLimitation() {
        return "JobRunr allows recurring jobs at most every 5 s with SQL storage (its smallest poll interval)";
    }

    /** One JobRunr configuration over a schema: a job scheduler and a background job server not yet started. */
    private static final class Instance implements AutoCloseable {
        final JobScheduler scheduler;
        final BackgroundJobServer server;
        private final PostgresStorageProvider storage;

        Instance(Schema schema, Tally tally, int workers) {
            storage = new PostgresStorageProvider(schema.pool());
            JobRunrJobs jobs = new JobRunrJobs(tally);
            JobActivator activator = new JobActivator() {
                @Override
                public <T> T activateJob(Class<T> type) {
                    return type.cast(jobs);
                }
            };
            JobRunrConfigurationResult result = JobRunr.configure()
                    .useJobActivator(activator)
                    .useStorageProvider(storage)
                    .useBackgroundJobServer(BackgroundJobServerConfiguration.usingStandardBackgroundJobServerConfiguration()
                            .andWorkerCount(workers).andPollInterval(POLL_INTERVAL), false)
                    .initialize();
            scheduler = result.getJobScheduler();
            server = result.getBackgroundJobServer();
        }

        @Override
        public void close() {
            server.stop();
            JobRunr.destroy();
            storage.close();
        }
    }
}
