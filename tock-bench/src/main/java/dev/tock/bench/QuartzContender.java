package dev.tock.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.quartz.CronScheduleBuilder;
import org.quartz.Job;
import org.quartz.JobBuilder;
import org.quartz.JobDetail;
import org.quartz.JobExecutionContext;
import org.quartz.JobKey;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.Trigger;
import org.quartz.TriggerBuilder;
import org.quartz.impl.StdSchedulerFactory;

/**
 * Quartz with its clustered JDBC job store on PostgreSQL: tables from the DDL in the Quartz jar, one
 * durable no-op job, and one trigger per job run (a simple trigger firing once, or a cron trigger).
 * The trigger's name carries the job's number, so the job data map stays empty.
 */
final class QuartzContender implements Contender {
    private static final String DDL = "/org/quartz/impl/jdbcjobstore/tables_postgres.sql";
    private static final JobKey NOOP = JobKey.jobKey("noop", "bench");
    private static final int INSERT_BATCH = 1_000;
    /** How long a run may take to record its jobs done after every handler ran. */
    private static final Duration RUN_LIMIT = Duration.ofMinutes(5);

    private final PeerSchemas schemas;

    QuartzContender(PeerSchemas schemas) {
        this.schemas = schemas;
    }

    @Override
    public String name() {
        return "Quartz";
    }

    @Override
    public String id() {
        return "quartz";
    }

    @Override
    public String configuration() {
        return "Quartz " + Versions.of("quartz")
                + " `JobStoreTX` with `PostgreSQLDelegate`, `isClustered=true`, `threadCount=n`,"
                + " `batchTriggerAcquisitionMaxCount=n`, `acquireTriggersWithinLock=true`, `useProperties=true`,"
                + " `misfireThreshold` 1 h (a backlog is due work, not misfires), HikariCP pool of " + Plan.POOL_SIZE;
    }

    @Override
    public Outcome enqueue(int jobs, int producers) {
        try (Schema schema = schema()) {
            Scheduler scheduler = scheduler(schema, producers, ctx -> { });
            try {
                scheduler.addJob(noopJob(), true);
                double rate = Producers.run(jobs, producers, i -> schedule(scheduler, once(i, Instant.now())));
                return Outcome.counted(rate, jobs, schema.count("select count(*) from qrtz_triggers"));
            } catch (SchedulerException e) {
                throw new BenchException("Quartz failed: " + e.getMessage(), e);
            } finally {
                shutdown(scheduler);
            }
        }
    }

    @Override
    public Outcome execute(int jobs, int threads, Duration limit) {
        try (Schema schema = schema()) {
            Tally tally = new Tally(jobs);
            Scheduler scheduler = scheduler(schema, threads, ctx -> tally.ran(number(ctx)));
            try {
                Instant now = Instant.now();
                for (int from = 0; from < jobs; from += INSERT_BATCH) {
                    List<Trigger> triggers = new ArrayList<>();
                    for (int i = from; i < Math.min(jobs, from + INSERT_BATCH); i++) {
                        triggers.add(once(i, now));
                    }
                    scheduler.scheduleJobs(Map.of(noopJob(), Set.copyOf(triggers)), true);
                }
                schemas.filled(schema);
                long start = System.nanoTime();
                scheduler.start();
                if (!tally.awaitWithin(limit)) {
                    return Outcome.stopped(tally.distinct() / ((System.nanoTime() - start) / 1e9), jobs, tally.distinct());
                }
                Waits.until(() -> schema.count("select count(*) from qrtz_triggers") == 0
                        && schema.count("select count(*) from qrtz_fired_triggers") == 0, RUN_LIMIT, () -> "triggers left");
                double rate = jobs / ((System.nanoTime() - start) / 1e9);
                tally.requireEachRanOnce(name());
                return Outcome.counted(rate, jobs, tally.distinct());
            } catch (SchedulerException e) {
                throw new BenchException("Quartz failed: " + e.getMessage(), e);
            } finally {
                shutdown(scheduler);
            }
        }
    }

    @Override
    public Outcome lateness(int jobs, Duration ahead, int threads) {
        try (Schema schema = schema()) {
            Tally tally = new Tally(jobs);
            Scheduler scheduler = scheduler(schema, threads, ctx -> tally.ranLate(number(ctx), ctx.getScheduledFireTime().toInstant()));
            try {
                scheduler.addJob(noopJob(), true);
                scheduler.start();
                Instant first = Instant.now().plus(ahead);
                for (int i = 0; i < jobs; i++) {
                    schedule(scheduler, once(i, first.plusMillis(i * 1000L / jobs)));
                }
                tally.await(ahead.plusMinutes(2), name());
                tally.requireEachRanOnce(name());
                return Outcome.lateness(tally.lateness(), jobs, tally.distinct());
            } catch (SchedulerException e) {
                throw new BenchException("Quartz failed: " + e.getMessage(), e);
            } finally {
                shutdown(scheduler);
            }
        }
    }

    @Override
    public Optional<Outcome> cron(int schedules, Duration duration, int threads) {
        try (Schema schema = schema()) {
            CronTally tally = new CronTally(schedules);
            Scheduler scheduler = scheduler(schema, threads, ctx -> tally.ran(number(ctx), ctx.getScheduledFireTime().toInstant()));
            try {
                scheduler.addJob(noopJob(), true);
                for (int i = 0; i < schedules; i++) {
                    schedule(scheduler, TriggerBuilder.newTrigger().withIdentity(Integer.toString(i), "cron").forJob(NOOP)
                            .withSchedule(CronScheduleBuilder.cronSchedule("* * * * * ?")).build());
                }
                scheduler.start();
                tally.runWindow(duration, duration.plusSeconds(15));
                return Optional.of(tally.outcome());
            } catch (SchedulerException e) {
                throw new BenchException("Quartz failed: " + e.getMessage(), e);
            } finally {
                shutdown(scheduler);
            }
        }
    }

    private Schema schema() {
        Schema schema = schemas.create(id());
        try (InputStream in = QuartzContender.class.getResourceAsStream(DDL)) {
            if (in == null) {
                throw new BenchException("the Quartz jar has no " + DDL);
            }
            schema.runScript(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new BenchException("could not read " + DDL, e);
        }
        return schema;
    }

    private static Scheduler scheduler(Schema schema, int threads, Consumer<JobExecutionContext> handler) {
        Properties p = new Properties();
        p.setProperty("org.quartz.scheduler.instanceName", "bench-" + UUID.randomUUID());
        p.setProperty("org.quartz.scheduler.instanceId", "AUTO");
        p.setProperty("org.quartz.scheduler.skipUpdateCheck", "true");
        p.setProperty("org.quartz.scheduler.batchTriggerAcquisitionMaxCount", Integer.toString(threads));
        p.setProperty("org.quartz.threadPool.threadCount", Integer.toString(threads));
        p.setProperty("org.quartz.jobStore.class", "org.quartz.impl.jdbcjobstore.JobStoreTX");
        p.setProperty("org.quartz.jobStore.driverDelegateClass", "org.quartz.impl.jdbcjobstore.PostgreSQLDelegate");
        p.setProperty("org.quartz.jobStore.dataSource", "bench");
        p.setProperty("org.quartz.jobStore.isClustered", "true");
        p.setProperty("org.quartz.jobStore.acquireTriggersWithinLock", "true");
        p.setProperty("org.quartz.jobStore.useProperties", "true");
        p.setProperty("org.quartz.jobStore.misfireThreshold", Long.toString(Duration.ofHours(1).toMillis()));
        p.setProperty("org.quartz.dataSource.bench.provider", "hikaricp");
        p.setProperty("org.quartz.dataSource.bench.driver", "org.postgresql.Driver");
        p.setProperty("org.quartz.dataSource.bench.URL", schema.urlInSchema());
        p.setProperty("org.quartz.dataSource.bench.maxConnections", Integer.toString(Plan.POOL_SIZE));
        try {
            Scheduler scheduler = new StdSchedulerFactory(p).getScheduler();
            scheduler.setJobFactory((bundle, s) -> handler::accept);
            return scheduler;
        } catch (SchedulerException e) {
            throw new BenchException("Quartz would not start: " + e.getMessage(), e);
        }
    }

    private static JobDetail noopJob() {
        return JobBuilder.newJob(Noop.class).withIdentity(NOOP).storeDurably().build();
    }

    private static Trigger once(int number, Instant at) {
        return TriggerBuilder.newTrigger().withIdentity(Integer.toString(number), "once").forJob(NOOP).startAt(Date.from(at)).build();
    }

    private static void schedule(Scheduler scheduler, Trigger trigger) {
        try {
            scheduler.scheduleJob(trigger);
        } catch (SchedulerException e) {
            throw new BenchException("Quartz could not schedule " + trigger.getKey() + ": " + e.getMessage(), e);
        }
    }

    private static int number(JobExecutionContext ctx) {
        return Integer.parseInt(ctx.getTrigger().getKey().getName());
    }

    private static void shutdown(Scheduler scheduler) {
        try {
            scheduler.shutdown(true);
        } catch (SchedulerException e) {
            throw new BenchException("Quartz did not shut down: " + e.getMessage(), e);
        }
    }

    /** The job class Quartz stores; the job factory runs the measurement's handler instead. */
    public static final class Noop implements Job {
        @Override
        public void execute(JobExecutionContext context) {
        }
    }
}
