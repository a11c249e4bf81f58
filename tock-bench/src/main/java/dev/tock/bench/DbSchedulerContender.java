package dev.tock.bench;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.SchedulerBuilder;
import com.github.kagkarlsson.scheduler.SchedulerClient;
import com.github.kagkarlsson.scheduler.task.TaskInstance;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.Schedules;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;

/**
 * db-scheduler with one of its two polling strategies and a polling interval (1 s, or its default of
 * 10 s). A job is an instance of one one-time task, named by its number; it carries no data, so no
 * serializer is involved. Recurring tasks use a six-field cron schedule with seconds.
 */
final class DbSchedulerContender implements Contender {
    /** db-scheduler's polling strategies with the limits its own defaults use. */
    enum Polling { FETCH, LOCK_AND_FETCH }

    private static final String TASK = "bench-noop";
    private static final int INSERT_BATCH = 1_000;
    /** How long a run may take to record its jobs done after every handler ran. */
    private static final Duration RUN_LIMIT = Duration.ofMinutes(5);

    private final PeerSchemas schemas;
    private final Polling polling;
    private final Optional<Duration> pollingInterval;

    DbSchedulerContender(PeerSchemas schemas, Polling polling, Optional<Duration> pollingInterval) {
        this.schemas = schemas;
        this.polling = polling;
        this.pollingInterval = pollingInterval;
    }

    @Override
    public String name() {
        return "db-scheduler " + (polling == Polling.FETCH ? "fetch" : "lock-and-fetch")
                + pollingInterval.map(d -> "").orElse(" (default poll)");
    }

    @Override
    public String id() {
        return "dbs-" + (polling == Polling.FETCH ? "fetch" : "lf") + pollingInterval.map(d -> "").orElse("-default");
    }

    @Override
    public String configuration() {
        return "db-scheduler " + Versions.of("db-scheduler") + " "
                + (polling == Polling.FETCH ? "`pollUsingFetch(0.5, 3.0)`" : "`pollUsingLockAndFetch(0.5, 1.0)`")
                + " (its default limits), polling interval " + pollingInterval.map(d -> d.toSeconds() + " s").orElse("default (10 s)")
                + ", `threads(n)`, the same pool";
    }

    @Override
    public boolean measuresThroughput() {
        return pollingInterval.isPresent();
    }

    @Override
    public Outcome enqueue(int jobs, int producers) {
        try (Schema schema = schema()) {
            OneTimeTask<Void> task = noopTask(new Tally(1));
            SchedulerClient client = SchedulerClient.Builder.create(schema.pool(), task).build();
            double rate = Producers.run(jobs, producers, i -> client.scheduleIfNotExists(task.instance(Integer.toString(i)), Instant.now()));
            return Outcome.counted(rate, jobs, schema.count("select count(*) from scheduled_tasks"));
        }
    }

    /** {@code SchedulerClient.scheduleBatch}, as the execution rows pre-enqueue, timed around its calls. */
    @Override
    public Optional<Outcome> bulkEnqueue(int jobs, int batch) {
        try (Schema schema = schema()) {
            OneTimeTask<Void> task = noopTask(new Tally(1));
            SchedulerClient client = SchedulerClient.Builder.create(schema.pool(), task).build();
            Instant at = Instant.now();
            long start = System.nanoTime();
            insert(client, task, jobs, batch, at);
            double rate = jobs / ((System.nanoTime() - start) / 1e9);
            return Optional.of(Outcome.counted(rate, jobs, schema.count("select count(*) from scheduled_tasks")));
        }
    }

    @Override
    public Outcome execute(int jobs, int threads, Duration limit) {
        try (Schema schema = schema()) {
            Tally tally = new Tally(jobs);
            OneTimeTask<Void> task = noopTask(tally);
            insert(SchedulerClient.Builder.create(schema.pool(), task).build(), task, jobs, INSERT_BATCH, Instant.now());
            schemas.filled(schema);
            Scheduler scheduler = builder(schema, threads, List.of(task)).build();
            long start = System.nanoTime();
            scheduler.start();
            try {
                if (!tally.awaitWithin(limit)) {
                    return Outcome.stopped(tally.distinct() / ((System.nanoTime() - start) / 1e9), jobs, tally.distinct());
                }
                Waits.until(() -> schema.count("select count(*) from scheduled_tasks") == 0, RUN_LIMIT, () -> "executions left");
                double rate = jobs / ((System.nanoTime() - start) / 1e9);
                tally.requireEachRanOnce(name());
                return Outcome.counted(rate, jobs, tally.distinct());
            } finally {
                scheduler.stop();
            }
        }
    }

    @Override
    public Outcome lateness(int jobs, Duration ahead, int threads) {
        try (Schema schema = schema()) {
            Tally tally = new Tally(jobs);
            OneTimeTask<Void> task = Tasks.oneTime(TASK).execute((instance, ctx) ->
                    tally.ranLate(Integer.parseInt(instance.getId()), ctx.getExecution().executionTime));
            Scheduler scheduler = builder(schema, threads, List.of(task)).build();
            scheduler.start();
            try {
                Instant first = Instant.now().plus(ahead);
                for (int i = 0; i < jobs; i++) {
                    scheduler.schedule(task.instance(Integer.toString(i)), first.plusMillis(i * 1000L / jobs));
                }
                tally.await(ahead.plusMinutes(2), name());
                tally.requireEachRanOnce(name());
                return Outcome.lateness(tally.lateness(), jobs, tally.distinct());
            } finally {
                scheduler.stop();
            }
        }
    }

    @Override
    public Optional<Outcome> cron(int schedules, Duration duration, int threads) {
        try (Schema schema = schema()) {
            CronTally tally = new CronTally(schedules);
            List<RecurringTask<Void>> tasks = IntStream.range(0, schedules).mapToObj(i ->
                    Tasks.recurring("cron-" + i, Schedules.cron("* * * * * *"))
                            .execute((instance, ctx) -> tally.ran(i, ctx.getExecution().executionTime))).toList();
            Scheduler scheduler = builder(schema, threads, List.of()).startTasks(tasks).build();
            scheduler.start();
            try {
                tally.runWindow(duration, duration.plusSeconds(15));
                return Optional.of(tally.outcome());
            } finally {
                scheduler.stop();
            }
        }
    }

    private SchedulerBuilder builder(Schema schema, int threads, List<OneTimeTask<Void>> tasks) {
        SchedulerBuilder builder = Scheduler.create(schema.pool(), new ArrayList<>(tasks)).threads(threads)
                .shutdownMaxWait(Duration.ofSeconds(5));
        pollingInterval.ifPresent(builder::pollingInterval);
        return polling == Polling.FETCH ? builder.pollUsingFetch(0.5, 3.0) : builder.pollUsingLockAndFetch(0.5, 1.0);
    }

    private static OneTimeTask<Void> noopTask(Tally tally) {
        return Tasks.oneTime(TASK).execute((instance, ctx) -> tally.ran(Integer.parseInt(instance.getId())));
    }

    private static void insert(SchedulerClient client, OneTimeTask<Void> task, int jobs, int size, Instant at) {
        for (int from = 0; from < jobs; from += size) {
            List<TaskInstance<?>> batch = new ArrayList<>();
            for (int i = from; i < Math.min(jobs, from + size); i++) {
                batch.add(task.instance(Integer.toString(i)));
            }
            client.scheduleBatch(batch, at);
        }
    }

    private Schema schema() {
        Schema schema = schemas.create(id());
        schema.runScript(DDL);
        return schema;
    }

    /** db-scheduler's table for PostgreSQL, as its documentation describes it. */
    private static final String DDL = """
            create table scheduled_tasks (
              task_name text not null,
              task_instance text not null,
              task_data bytea,
              execution_time timestamp with time zone not null,
              picked boolean not null,
              picked_by text,
              last_success timestamp with time zone,
              last_failure timestamp with time zone,
              consecutive_failures int,
              last_heartbeat timestamp with time zone,
              version bigint not null,
              priority smallint,
              primary key (task_name, task_instance)
            );
            create index execution_time_idx on scheduled_tasks (execution_time);
            create index last_heartbeat_idx on scheduled_tasks (last_heartbeat);
            create index priority_execution_time_idx on scheduled_tasks (priority desc, execution_time asc);
            """;
}
