package dev.tock.store.jdbc;

import dev.tock.model.ConflictException;
import dev.tock.model.Enqueued;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.LeasedJob;
import dev.tock.model.NewJob;
import dev.tock.schedule.ScheduledWorkflow;
import dev.tock.store.FinishedAttempt;
import dev.tock.store.LeaseRequest;
import dev.tock.store.RunListener;
import dev.tock.store.WorkflowStore;
import dev.tock.workflow.InstanceChange;
import dev.tock.workflow.InstanceEnd;
import dev.tock.workflow.ItemCounts;
import dev.tock.workflow.InstanceState;
import dev.tock.workflow.RunAdvance;
import dev.tock.workflow.RunLimits;
import dev.tock.workflow.RunPlanner;
import dev.tock.workflow.RunItems;
import dev.tock.workflow.RunQuery;
import dev.tock.workflow.RunRetry;
import dev.tock.workflow.RunState;
import dev.tock.workflow.StepInstance;
import dev.tock.workflow.StoredWorkflow;
import dev.tock.workflow.Workflow;
import dev.tock.workflow.WorkflowJson;
import dev.tock.workflow.WorkflowRun;
import dev.tock.workflow.WorkflowStep;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code tock_workflows}, {@code tock_workflow_runs} and {@code tock_workflow_steps} tables. Every change to a
 * run happens under its row's lock ({@code FOR UPDATE}), reads its step-level instances (with their fan-out item
 * counts) and the items {@link RunPlanner} asks for, and writes what it decides, with the jobs it makes, in the same
 * transaction: so an instance is made exactly once, whichever node records the completion that made it ready.
 */
final class WorkflowRepository implements WorkflowStore {
    private static final Logger log = LoggerFactory.getLogger(WorkflowRepository.class);
    private static final String RUN_COLUMNS = "id, namespace, workflow, definition, inputs, state, max_fan_out, max_step_output_bytes,"
            + " created_at, finished_at";
    private static final String INSTANCES = "SELECT s.step, s.item_key, s.item_index, s.item_count, s.item, s.state, s.job_id, s.output,"
            + " s.error, s.created_at, s.finished_at, j.state AS job_state FROM tock_workflow_steps s"
            + " LEFT JOIN tock_jobs_all j ON j.id = s.job_id WHERE s.run_id = ?";
    /**
     * What planning reads: the run's instances by the primary key's prefix, with no join and no order. The hot path's
     * sessions turn sorts and sequential scans off (see {@code Dialect#hotPathSessionSql}), which would make the join
     * of {@link #INSTANCES} walk whole indexes.
     */
    private static final String PLANNED_INSTANCES = "SELECT s.step, s.item_key, s.item_index, s.item_count, s.item, s.state, s.job_id,"
            + " s.output, s.error, s.created_at, s.finished_at, NULL AS job_state, s.items_waiting, s.items_active, s.items_finished,"
            + " s.items_dead FROM tock_workflow_steps s WHERE s.run_id = ?";
    /**
     * The step-level instances, with their item counts, of the runs of some jobs' instances (parameter: an array of job
     * ids), through the partial index of step-level instances: read before the run's steps are known.
     */
    static final String STEP_LEVEL_OF_JOBS = PLANNED_INSTANCES.replace("SELECT s.step", "SELECT s.run_id, s.step")
            .replace("s.run_id = ?", "s.item_key = '' AND s.run_id = ANY(ARRAY(SELECT i.run_id FROM tock_workflow_steps i"
                    + " WHERE i.job_id = ANY(?)))");
    /** Items by their jobs, with their runs (parameter: an array of job ids), through the jobs' unique index. */
    private static final String ENDED_ITEMS = "SELECT s.run_id, s.step, s.item_key, s.item_index, s.item_count, s.item, s.state,"
            + " s.job_id, s.output, s.error, s.created_at, s.finished_at, NULL AS job_state FROM tock_workflow_steps s"
            + " WHERE s.job_id = ANY(?) AND s.item_key <> ''";
    /**
     * Locks the runs of some jobs' instances in id order and reads them (parameter: an array of job ids). The ids go
     * to the primary key as one array, which the index walks in order: with sorts off on the hot path, {@code id IN
     * (subquery)} would walk the whole index in order to filter it (the reason an earlier try of this was slower).
     */
    static final String LOCK_RUNS_OF_JOBS = "SELECT " + RUN_COLUMNS + " FROM tock_workflow_runs WHERE id = ANY(ARRAY("
            + "SELECT s.run_id FROM tock_workflow_steps s WHERE s.job_id = ANY(?))) ORDER BY id FOR UPDATE";
    /** Per workflow of a namespace, its newest run by the listing index (namespace, workflow, created_at): a short walk each. */
    private static final String LATEST_RUNS = "SELECT " + RUN_COLUMNS.replaceAll("(\\w+)", "r.$1") + " FROM tock_workflows w"
            + " JOIN tock_workflow_runs r ON r.id = (SELECT l.id FROM tock_workflow_runs l WHERE l.namespace = w.namespace"
            + " AND l.workflow = w.name ORDER BY l.created_at DESC LIMIT 1) WHERE w.namespace = ?";
    /** A run's fan-out steps' item counts from their items, after a retry deleted some of them. */
    private static final String RECOUNT = "UPDATE tock_workflow_steps SET"
            + " items_waiting = (SELECT COUNT(*) FROM tock_workflow_steps i WHERE i.run_id = tock_workflow_steps.run_id"
            + " AND i.step = tock_workflow_steps.step AND i.item_key <> '' AND i.state = 'waiting'),"
            + " items_active = (SELECT COUNT(*) FROM tock_workflow_steps i WHERE i.run_id = tock_workflow_steps.run_id"
            + " AND i.step = tock_workflow_steps.step AND i.item_key <> '' AND i.state = 'active'),"
            + " items_finished = (SELECT COUNT(*) FROM tock_workflow_steps i WHERE i.run_id = tock_workflow_steps.run_id"
            + " AND i.step = tock_workflow_steps.step AND i.item_key <> '' AND i.state NOT IN ('waiting', 'active')),"
            + " items_dead = (SELECT COUNT(*) FROM tock_workflow_steps i WHERE i.run_id = tock_workflow_steps.run_id"
            + " AND i.step = tock_workflow_steps.step AND i.item_key <> '' AND i.state = 'dead')"
            + " WHERE run_id = ? AND item_key = ''";
    private static final String INSERT_INSTANCE = "INSERT INTO tock_workflow_steps (run_id, step, item_key, item_index, item_count, item,"
            + " state, job_id, output, error, created_at, finished_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
    private static final String UPDATE_INSTANCE = "UPDATE tock_workflow_steps SET item_count = ?, state = ?, job_id = ?, output = ?,"
            + " error = ?, finished_at = ? WHERE run_id = ? AND step = ? AND item_key = ?";

    /** Times go as microseconds since the epoch (BIGINT): neither side formats or parses a timestamp's text per instance. */
    private static final List<String> UPDATE_MANY_TYPES = List.of("INTEGER", "TEXT", "UUID", "TEXT", "TEXT", "BIGINT", "TEXT", "TEXT");
    private static final List<String> INSERT_MANY_TYPES = List.of("TEXT", "TEXT", "INTEGER", "INTEGER", "TEXT", "TEXT", "UUID", "TEXT",
            "TEXT", "BIGINT", "BIGINT");

    private final Transactions tx;
    private final Dialect dialect;
    /**
     * Updates many instances of one run in one statement, one bound array per column (parameters: the arrays of
     * {@link #UPDATE_MANY_TYPES}, then the run id); null where the dialect cannot bind arrays. A fan-out's completions
     * change hundreds of items at a time: one statement, where a batch costs the database a statement per item.
     */
    private final String updateMany;
    /** Inserts many instances of one run in one statement, as {@link #updateMany} updates them (a fan-out makes thousands). */
    private final String insertMany;
    /** {@link #updateMany} and {@link #insertMany} in one statement that returns both counts. */
    private final String writeMany;
    /** {@link #writeMany} that also leases jobs just made (JobSql#leaseMade), returning them beside the counts. */
    private final String writeAndLease;
    private final JobWriter jobs;
    private final NamespaceRepository namespaces;
    private final Wakeups wakeups;
    private final List<RunListener> listeners = new CopyOnWriteArrayList<>();

    /** What one transaction did to runs, told once it committed ({@link #publish}). */
    static final class RunChanges {
        private boolean madeJobs;
        /** The jobs made, which the transaction may lease to the node that recorded the completions. */
        private final List<UUID> made = new ArrayList<>();
        /** How many of {@link #made} that transaction leased: the others are announced. */
        private int leasedHere;
        private final List<String[]> started = new ArrayList<>();
        private final List<Object[]> ended = new ArrayList<>();
        /** The node the made jobs may be leased to as they are written, and how; null when none. */
        private LeaseRequest handOff;
        /** Made jobs leased as their instances were written, and the made jobs those writes already offered. */
        private final List<LeasedJob> leasedWithInstances = new ArrayList<>();
        private final Set<UUID> offered = new HashSet<>();

        /** Lets the writes of the next steps' instances lease their jobs to {@code next} at once (a round trip fewer). */
        void handOffTo(LeaseRequest next) {
            handOff = next;
        }

        List<UUID> made() {
            return made;
        }

        /** The made jobs that no write has offered to the hand-off node yet. */
        List<UUID> notOffered() {
            return made.stream().filter(id -> !offered.contains(id)).toList();
        }

        List<LeasedJob> leasedWithInstances() {
            return leasedWithInstances;
        }

        /** Room left in the hand-off request after the leases made with the instances. */
        int handOffRoom() {
            return handOff == null ? 0 : handOff.limit() - leasedWithInstances.size();
        }

        void leasedHere(int count) {
            leasedHere = count;
        }
    }

    WorkflowRepository(Transactions tx, Dialect dialect, JobWriter jobs, NamespaceRepository namespaces, Wakeups wakeups,
                       String leaseMade) {
        this.tx = tx;
        this.dialect = dialect;
        this.jobs = jobs;
        this.namespaces = namespaces;
        this.wakeups = wakeups;
        this.updateMany = dialect.unnest(UPDATE_MANY_TYPES, "u", List.of("item_count", "state", "job_id", "output", "error",
                        "finished_at", "step", "item_key")).map(rows -> "UPDATE tock_workflow_steps AS s SET item_count = u.item_count,"
                        + " state = u.state, job_id = u.job_id, output = u.output, error = u.error, finished_at = " + JobRows.timestampFromMicros("u.finished_at") + " FROM "
                        + rows + " WHERE s.run_id = ? AND s.step = u.step AND s.item_key = u.item_key").orElse(null);
        this.insertMany = dialect.unnest(INSERT_MANY_TYPES, "u", List.of("step", "item_key", "item_index", "item_count", "item", "state",
                        "job_id", "output", "error", "created_at", "finished_at")).map(rows -> "INSERT INTO tock_workflow_steps (run_id, step,"
                        + " item_key, item_index, item_count, item, state, job_id, output, error, created_at, finished_at) SELECT ?, step,"
                        + " item_key, item_index, item_count, item, state, job_id, output, error, " + JobRows.timestampFromMicros("created_at")
                        + ", " + JobRows.timestampFromMicros("finished_at") + " FROM " + rows)
                .orElse(null);
        String writes = updateMany == null || insertMany == null ? null
                : "WITH changed AS (" + updateMany + " RETURNING 1), added AS (" + insertMany + " RETURNING 1)";
        String counts = "SELECT (SELECT COUNT(*) FROM changed) AS changed_count, (SELECT COUNT(*) FROM added) AS added_count";
        this.writeMany = writes == null ? null : writes + " " + counts;
        // The lease sees the jobs the transaction's earlier statement inserted; one row of counts, the leased jobs beside it.
        this.writeAndLease = writes == null || leaseMade == null ? null : writes + ", leased AS (" + leaseMade + ") SELECT c.*, l.*"
                + " FROM (" + counts + ") AS c LEFT JOIN leased AS l ON TRUE";
    }

    void addListener(RunListener listener) {
        listeners.add(listener);
    }

    /** After the transaction that made {@code changes} committed: wakes the nodes for the jobs it made, tells the listeners. */
    void publish(RunChanges changes) {
        if (changes.madeJobs && changes.leasedHere < changes.made.size()) {
            wakeups.announce();
        }
        for (RunListener l : listeners) {
            changes.started.forEach(r -> l.started(r[0], r[1]));
            changes.ended.forEach(r -> l.ended((String) r[0], (String) r[1], (RunState) r[2]));
        }
    }

    @Override
    public long save(Workflow workflow) {
        namespaces.require(workflow.namespace());
        String text = WorkflowJson.text(workflow);
        return tx.run("saving workflow", c -> {
            Object[] insert = {workflow.namespace(), workflow.name(), text};
            boolean created = Sql.insertOrUpdate(c, "INSERT INTO tock_workflows (namespace, name, definition, version, created_at, updated_at)"
                    + " VALUES (?, ?, ?, 1, " + dialect.now() + ", " + dialect.now() + ") ON CONFLICT DO NOTHING", insert,
                    "UPDATE tock_workflows SET definition = ?, version = version + 1, updated_at = " + dialect.now()
                            + " WHERE namespace = ? AND name = ?", new Object[] {text, workflow.namespace(), workflow.name()});
            return created ? 1L : Sql.count(c, "SELECT version FROM tock_workflows WHERE namespace = ? AND name = ?",
                    workflow.namespace(), workflow.name());
        });
    }

    @Override
    public Optional<StoredWorkflow> find(String namespace, String name) {
        return tx.one("reading workflow", "SELECT * FROM tock_workflows WHERE namespace = ? AND name = ?", WorkflowRepository::stored,
                namespace, name);
    }

    @Override
    public List<StoredWorkflow> list(String namespace) {
        return tx.list("listing workflows", "SELECT * FROM tock_workflows WHERE namespace = ? ORDER BY name", WorkflowRepository::stored,
                namespace);
    }

    @Override
    public boolean delete(String namespace, String name) {
        return tx.run("deleting workflow", c -> Sql.update(c, "DELETE FROM tock_workflows WHERE namespace = ? AND name = ?",
                namespace, name) == 1);
    }

    private static StoredWorkflow stored(ResultSet rs) throws SQLException {
        Workflow w = WorkflowJson.read(rs.getString("namespace"), rs.getString("name"), rs.getString("definition"));
        return new StoredWorkflow(w, rs.getLong("version"), JobRows.instant(rs, "created_at"), JobRows.instant(rs, "updated_at"));
    }

    @Override
    public WorkflowRun start(Workflow definition, String inputsJson, RunLimits limits) {
        return startOnce(UUID.randomUUID().toString(), definition, inputsJson, limits);
    }

    @Override
    public WorkflowRun startOnce(String id, Workflow definition, String inputsJson, RunLimits limits) {
        namespaces.require(definition.namespace());
        RunChanges changes = new RunChanges();
        tx.run("starting workflow run", c -> {
            int inserted = Sql.update(c, "INSERT INTO tock_workflow_runs (" + RUN_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, "
                            + dialect.now() + ", ?) ON CONFLICT DO NOTHING",
                    id, definition.namespace(), definition.name(), WorkflowJson.text(definition), inputsJson, RunState.RUNNING.wireName(),
                    limits.maxFanOut(), limits.maxStepOutputBytes(), Sql.orNull(null, Types.TIMESTAMP_WITH_TIMEZONE));
            if (inserted == 1) {
                changes.started.add(new String[] {definition.namespace(), definition.name()});
                advance(c, id, List.of(), changes);
            }
            return null;
        });
        publish(changes);
        return findRun(definition.namespace(), id).orElseThrow();
    }

    /**
     * Records the end of step jobs (succeeded or dead) inside the caller's transaction, the one that recorded their
     * attempts, and moves their runs on; the caller {@link #publish publishes} {@code changes} once it committed.
     */
    void completed(Connection c, List<FinishedAttempt> attempts, RunChanges changes) throws SQLException {
        // Where statements go together, the step-level read by run (its partial index, V8_4) saves a round trip; the
        // embedded store has no such index and reads them by whole keys once the runs are locked and known.
        if (dialect.pipelines()) {
            Pipeline reads = new Pipeline(dialect);
            Optional<EndedSteps> ended = readLater(c, reads, attempts);
            if (ended.isPresent()) {
                reads.run(c);
                advance(c, ended.get(), Set.of(), changes);
            }
            return;
        }
        Map<UUID, FinishedAttempt> byJob = endedSteps(attempts);
        if (byJob.isEmpty()) {
            return;
        }
        // The runs of the ended jobs, locked in id order in one statement (an instance never changes run, so the
        // subquery's older snapshot finds the right runs). What each job ended is read after the locks.
        Array jobIds = c.createArrayOf("uuid", byJob.keySet().toArray());
        List<WorkflowRun> runs = Sql.list(c, LOCK_RUNS_OF_JOBS, WorkflowRepository::run, jobIds);
        Map<String, List<StepInstance>> endedItems = new HashMap<>();
        if (runs.stream().anyMatch(r -> r.definition().steps().stream().anyMatch(WorkflowStep::fansOut))) {
            Sql.list(c, ENDED_ITEMS, rs -> Map.entry(rs.getString("run_id"), instance(rs)), jobIds)
                    .forEach(e -> endedItems.computeIfAbsent(e.getKey(), r -> new ArrayList<>()).add(e.getValue()));
        }
        for (WorkflowRun run : runs) {
            Map<String, ItemCounts> counts = new TreeMap<>();
            List<StepInstance> steps = stepLevel(c, run, counts);
            advance(c, run, steps, counts, byJob, endedItems.getOrDefault(run.id(), List.of()), changes);
        }
    }

    /** The attempts that ended step jobs for good (succeeded or dead), by job id in id order. */
    private static Map<UUID, FinishedAttempt> endedSteps(List<FinishedAttempt> attempts) {
        Map<UUID, FinishedAttempt> byJob = new TreeMap<>();
        for (FinishedAttempt a : attempts) {
            if (a.workflowStep() && a.nextState().isFinal()) {
                byJob.put(a.lease().jobId().value(), a);
            }
        }
        return byJob;
    }

    /**
     * What a transaction recording step jobs' ends reads under their runs' locks: the runs, their step-level instances
     * with their item counts, and the items whose jobs ended. Filled once the pipeline that reads it ran.
     */
    static final class EndedSteps {
        private final Map<UUID, FinishedAttempt> byJob;
        private final List<WorkflowRun> runs = new ArrayList<>();
        private final Map<String, List<StepInstance>> steps = new HashMap<>();
        private final Map<String, Map<String, ItemCounts>> counts = new HashMap<>();
        private final Map<String, List<StepInstance>> items = new HashMap<>();

        private EndedSteps(Map<UUID, FinishedAttempt> byJob) {
            this.byJob = byJob;
        }
    }

    /**
     * Adds to {@code pipeline} the locks of the runs of the step jobs among {@code attempts} that ended, in id order,
     * then the reads of what {@link #advance(Connection, EndedSteps, Set, RunChanges)} needs, each a statement of its own
     * and so with a snapshot taken after the locks; empty when no step job ended. The caller may put its own writes of
     * the attempts before them, in the same round trip.
     */
    Optional<EndedSteps> readLater(Connection c, Pipeline pipeline, List<FinishedAttempt> attempts) throws SQLException {
        Map<UUID, FinishedAttempt> byJob = endedSteps(attempts);
        if (byJob.isEmpty()) {
            return Optional.empty();
        }
        EndedSteps ended = new EndedSteps(byJob);
        Array jobIds = c.createArrayOf("uuid", byJob.keySet().toArray());
        Pipeline.Binder ids = (ps, first) -> {
            ps.setArray(first, jobIds);
            return first + 1;
        };
        pipeline.query(LOCK_RUNS_OF_JOBS, ids, rs -> {
            while (rs.next()) {
                ended.runs.add(run(rs));
            }
        }).query(STEP_LEVEL_OF_JOBS, ids, rs -> {
            while (rs.next()) {
                String run = rs.getString("run_id");
                ended.counts.computeIfAbsent(run, r -> new TreeMap<>()).put(rs.getString("step"), itemCounts(rs));
                ended.steps.computeIfAbsent(run, r -> new ArrayList<>()).add(instance(rs));
            }
        }).query(ENDED_ITEMS, ids, rs -> {
            while (rs.next()) {
                ended.items.computeIfAbsent(rs.getString("run_id"), r -> new ArrayList<>()).add(instance(rs));
            }
        });
        return Optional.of(ended);
    }

    /**
     * Moves on the runs {@code ended} read, recording the ends of its attempts but those {@code refused} (their leases
     * were no longer held, so nothing of them was written); a run none of whose ends counts is left as it was.
     */
    void advance(Connection c, EndedSteps ended, Set<JobId> refused, RunChanges changes) throws SQLException {
        Map<UUID, FinishedAttempt> byJob = new TreeMap<>(ended.byJob);
        refused.forEach(id -> byJob.remove(id.value()));
        for (WorkflowRun run : ended.runs) {
            List<StepInstance> steps = inDefinitionOrder(ended.steps.getOrDefault(run.id(), List.of()), run.definition());
            List<StepInstance> items = ended.items.getOrDefault(run.id(), List.of()).stream()
                    .filter(i -> byJob.containsKey(i.jobId().orElseThrow().value())).toList();
            if (!items.isEmpty() || steps.stream().anyMatch(i -> i.jobId().filter(j -> byJob.containsKey(j.value())).isPresent())) {
                advance(c, run, steps, ended.counts.getOrDefault(run.id(), new TreeMap<>()), byJob, items, changes);
            }
        }
    }

    /** Step-level instances in the order of the definition's steps, as {@link #stepLevel} reads them. */
    private static List<StepInstance> inDefinitionOrder(List<StepInstance> steps, Workflow definition) {
        Map<String, Integer> position = positions(definition);
        List<StepInstance> ordered = new ArrayList<>(steps);
        ordered.sort(Comparator.comparingInt(i -> position.getOrDefault(i.step(), position.size())));
        return ordered;
    }

    /** What an instance's job ended as: its outcome, output or error, and when. */
    private static InstanceEnd end(StepInstance instance, FinishedAttempt a) {
        boolean ok = a.nextState() == JobState.SUCCEEDED;
        return new InstanceEnd(instance.step(), instance.itemKey(), ok ? InstanceState.SUCCEEDED : InstanceState.DEAD,
                ok ? a.result() : Optional.empty(), ok ? Optional.empty() : Optional.of(a.error().orElse("dead")), a.endedAt());
    }

    /**
     * Records the ends and moves each run on, locking the runs in id order so that concurrent transactions never wait
     * on each other in a circle.
     */
    private void advanceAll(Connection c, Map<String, List<InstanceEnd>> endsByRun, RunChanges changes) throws SQLException {
        for (Map.Entry<String, List<InstanceEnd>> run : new TreeMap<>(endsByRun).entrySet()) {
            advance(c, run.getKey(), run.getValue(), changes);
        }
    }

    /**
     * Locks the run, records {@code ends}, plans and writes what follows, noting in {@code changes} the jobs made and the
     * run's end.
     */
    private void advance(Connection c, String runId, List<InstanceEnd> ends, RunChanges changes) throws SQLException {
        Optional<WorkflowRun> header = Sql.one(c, "SELECT " + RUN_COLUMNS + " FROM tock_workflow_runs WHERE id = ? FOR UPDATE",
                WorkflowRepository::run, runId);
        if (header.isPresent()) {
            Map<String, ItemCounts> counts = new TreeMap<>();
            plan(c, header.get(), stepLevel(c, header.get(), counts), counts, ends, changes);
        }
    }

    /**
     * Moves on a run locked by {@link #completed}, given its step-level instances and their item counts: those whose jobs
     * are among {@code byJob}, and {@code endedItems}, the items whose jobs ended, are recorded as ended.
     */
    private void advance(Connection c, WorkflowRun locked, List<StepInstance> stepLevel, Map<String, ItemCounts> counts,
                         Map<UUID, FinishedAttempt> byJob, List<StepInstance> endedItems, RunChanges changes) throws SQLException {
        List<StepInstance> steps = new ArrayList<>(stepLevel);
        List<InstanceEnd> ends = new ArrayList<>();
        for (StepInstance i : steps) {
            FinishedAttempt a = i.jobId().map(j -> byJob.get(j.value())).orElse(null);
            if (a != null) {
                ends.add(end(i, a));
            }
        }
        for (StepInstance i : endedItems) {
            ends.add(end(i, byJob.get(i.jobId().orElseThrow().value())));
            steps.add(i);
        }
        plan(c, locked, steps, counts, ends, changes);
    }

    /** The run's step-level instances with their item counts, read by whole primary keys. */
    private static List<StepInstance> stepLevel(Connection c, WorkflowRun r, Map<String, ItemCounts> counts) throws SQLException {
        List<String> names = new ArrayList<>();
        r.definition().steps().forEach(st -> names.add(st.name()));
        r.definition().onExit().ifPresent(e -> names.add(e.name()));
        return Sql.list(c, exactly(names.size(), "''"), rs -> {
            counts.put(rs.getString("step"), itemCounts(rs));
            return instance(rs);
        }, params(r.id(), names));
    }

    private static ItemCounts itemCounts(ResultSet rs) throws SQLException {
        return new ItemCounts(rs.getInt("items_waiting"), rs.getInt("items_active"), rs.getInt("items_finished"), rs.getInt("items_dead"));
    }

    /** Plans the locked run {@code r} from its {@code steps} and writes what follows. */
    private void plan(Connection c, WorkflowRun r, List<StepInstance> steps, Map<String, ItemCounts> counts, List<InstanceEnd> ends,
                      RunChanges changes) throws SQLException {
        String runId = r.id();
        WorkflowRun run = new WorkflowRun(r.id(), r.namespace(), r.workflow(), r.definition(), r.inputs(), r.state(), r.createdAt(),
                r.finishedAt(), r.limits(), steps);
        RunAdvance next;
        try {
            next = RunPlanner.plan(run, counts, new StoredItems(c, runId), ends, Instant.now());
        } catch (UncheckedSqlException e) {
            throw e.getCause();
        }
        List<NewJob> newJobs = new ArrayList<>();
        for (InstanceChange change : next.changes()) {
            change.job().ifPresent(newJobs::add);
        }
        Pipeline pending = new Pipeline(dialect);
        List<Enqueued> made = newJobs.isEmpty() ? List.of() : jobs.insert(c, pending, newJobs);
        int j = 0;
        List<Updated> inserts = new ArrayList<>();
        List<Updated> updates = new ArrayList<>();
        for (InstanceChange change : next.changes()) {
            StepInstance i = change.instance();
            UUID jobId = change.job().isPresent() ? made.get(j++).id().value() : i.jobId().map(JobId::value).orElse(null);
            if (change.isNew()) {
                inserts.add(new Updated(i, jobId));
            } else {
                updates.add(new Updated(i, jobId));
            }
        }
        write(c, pending, runId, inserts, updates, made.stream().map(e -> e.id().value()).toList(), changes);
        Sql.batch(c, "UPDATE tock_workflow_steps SET items_waiting = ?, items_active = ?, items_finished = ?, items_dead = ?"
                        + " WHERE run_id = ? AND step = ? AND item_key = ''", new ArrayList<>(next.counts().entrySet()),
                e -> new Object[] {e.getValue().waiting(), e.getValue().active(), e.getValue().finished(), e.getValue().dead(), runId, e.getKey()});
        if (next.finished().isPresent()) {
            Sql.update(c, "UPDATE tock_workflow_runs SET state = ?, finished_at = " + dialect.now() + " WHERE id = ?",
                    next.finished().get().wireName(), runId);
            log.atInfo().addKeyValue("run", runId).addKeyValue("workflow", run.workflow())
                    .log("workflow run {} of {} {}", runId, run.workflow(), next.finished().get().wireName());
            changes.ended.add(new Object[] {run.namespace(), run.workflow(), next.finished().get()});
        }
        changes.madeJobs |= !made.isEmpty();
        made.forEach(e -> changes.made.add(e.id().value()));
    }

    /** An instance as a plan changed it, with its job. */
    private record Updated(StepInstance instance, UUID jobId) {
    }

    /** Inserts the new instances of one run: in one statement where the dialect binds arrays, else as a batch. */
    private void insert(Connection c, String runId, List<Updated> inserts) throws SQLException {
        if (inserts.isEmpty()) {
            return;
        }
        if (insertMany == null || inserts.size() == 1) {
            Sql.batch(c, INSERT_INSTANCE, inserts, u -> {
                StepInstance i = u.instance();
                return new Object[] {runId, i.step(), i.itemKey(), i.itemIndex(), i.itemCount(), i.item().orElse(null),
                        i.state().wireName(), Sql.orNull(u.jobId(), Types.OTHER), i.output().orElse(null), i.error().orElse(null),
                        i.createdAt(), Sql.orNull(i.finishedAt().orElse(null), Types.TIMESTAMP_WITH_TIMEZONE)};
            });
            return;
        }
        int n = inserts.size();
        try (PreparedStatement ps = c.prepareStatement(insertMany)) {
            ps.setString(1, runId);
            bindArrays(c, ps, 2, INSERT_MANY_TYPES, insertColumns(inserts));
            int inserted = ps.executeUpdate();
            if (inserted != n) {
                throw new SQLException("inserted " + inserted + " of " + n + " instances of run " + runId);
            }
        }
    }

    /** The new instances as one array per column of {@link #insertMany}. */
    private static Object[][] insertColumns(List<Updated> inserts) {
        int n = inserts.size();
        Object[][] columns = {new String[n], new String[n], new Integer[n], new Integer[n], new String[n], new String[n], new UUID[n],
                new String[n], new String[n], new Long[n], new Long[n]};
        for (int k = 0; k < n; k++) {
            StepInstance i = inserts.get(k).instance();
            columns[0][k] = i.step();
            columns[1][k] = i.itemKey();
            columns[2][k] = i.itemIndex();
            columns[3][k] = i.itemCount();
            columns[4][k] = i.item().orElse(null);
            columns[5][k] = i.state().wireName();
            columns[6][k] = inserts.get(k).jobId();
            columns[7][k] = i.output().orElse(null);
            columns[8][k] = i.error().orElse(null);
            columns[9][k] = JobRows.epochMicros(i.createdAt());
            columns[10][k] = i.finishedAt().map(JobRows::epochMicros).orElse(null);
        }
        return columns;
    }

    /**
     * Writes a run's changed and new instances after the statements {@code pending} holds: where the dialect binds
     * arrays and there are both, in one statement (a step's end and the next step's instance) that also leases the jobs
     * just made to the node the completions came from, when {@code changes} offers one (see {@link RunChanges#handOffTo}),
     * sent with {@code pending}; else one statement or batch each, and the caller leases the made jobs afterwards.
     */
    private void write(Connection c, Pipeline pending, String runId, List<Updated> inserts, List<Updated> updates, List<UUID> made,
                       RunChanges changes) throws SQLException {
        if (writeMany == null || inserts.isEmpty() || updates.isEmpty()) {
            pending.run(c);
            insert(c, runId, inserts);
            update(c, runId, updates);
            return;
        }
        int room = made.isEmpty() || writeAndLease == null ? 0 : changes.handOffRoom();
        Object[][] changed = updateColumns(updates);
        Object[][] added = insertColumns(inserts);
        pending.query(room > 0 ? writeAndLease : writeMany, (ps, first) -> {
            bindArrays(c, ps, first, UPDATE_MANY_TYPES, changed);
            int next = first + changed.length;
            ps.setString(next++, runId);
            ps.setString(next++, runId);
            bindArrays(c, ps, next, INSERT_MANY_TYPES, added);
            next += added.length;
            return room > 0 ? JobSql.bindLeaseMade(c, ps, next, changes.handOff, made, room) : next;
        }, rs -> {
            while (rs.next()) {
                if (rs.getInt("changed_count") != updates.size() || rs.getInt("added_count") != inserts.size()) {
                    throw new SQLException("updated " + rs.getInt("changed_count") + " of " + updates.size() + " and inserted "
                            + rs.getInt("added_count") + " of " + inserts.size() + " instances of run " + runId);
                }
                if (room > 0 && rs.getObject("id") != null) {
                    changes.leasedWithInstances.add(JobRows.leasedJob(rs));
                }
            }
        });
        if (room > 0) {
            changes.offered.addAll(made);
        }
        pending.run(c);
    }

    private static void bindArrays(Connection c, PreparedStatement ps, int first, List<String> types, Object[][] columns)
            throws SQLException {
        for (int k = 0; k < columns.length; k++) {
            String type = types.get(k);
            ps.setArray(first + k, c.createArrayOf(Sql.arrayElementType(type), columns[k]));
        }
    }

    /** Writes the changed instances of one run: in one statement where the dialect binds arrays, else as a batch. */
    private void update(Connection c, String runId, List<Updated> updates) throws SQLException {
        if (updates.isEmpty()) {
            return;
        }
        if (updateMany == null || updates.size() == 1) {
            Sql.batch(c, UPDATE_INSTANCE, updates, u -> {
                StepInstance i = u.instance();
                return new Object[] {i.itemCount(), i.state().wireName(), Sql.orNull(u.jobId(), Types.OTHER), i.output().orElse(null),
                        i.error().orElse(null), Sql.orNull(i.finishedAt().orElse(null), Types.TIMESTAMP_WITH_TIMEZONE), runId, i.step(),
                        i.itemKey()};
            });
            return;
        }
        int n = updates.size();
        Object[][] columns = updateColumns(updates);
        try (PreparedStatement ps = c.prepareStatement(updateMany)) {
            bindArrays(c, ps, 1, UPDATE_MANY_TYPES, columns);
            ps.setString(columns.length + 1, runId);
            int updated = ps.executeUpdate();
            if (updated != n) {
                throw new SQLException("updated " + updated + " of " + n + " instances of run " + runId);
            }
        }
    }

    /** The changed instances as one array per column of {@link #updateMany}. */
    private static Object[][] updateColumns(List<Updated> updates) {
        int n = updates.size();
        Object[][] columns = {new Integer[n], new String[n], new UUID[n], new String[n], new String[n], new Long[n], new String[n],
                new String[n]};
        for (int k = 0; k < n; k++) {
            StepInstance i = updates.get(k).instance();
            columns[0][k] = i.itemCount();
            columns[1][k] = i.state().wireName();
            columns[2][k] = updates.get(k).jobId();
            columns[3][k] = i.output().orElse(null);
            columns[4][k] = i.error().orElse(null);
            columns[5][k] = i.finishedAt().map(JobRows::epochMicros).orElse(null);
            columns[6][k] = i.step();
            columns[7][k] = i.itemKey();
        }
        return columns;
    }

    /**
     * Reads {@code rows} instances by their whole primary key, one lookup each, in one statement (parameters, for each
     * row: run id and step, and with {@code itemKey} "?" the item key). Never {@code IN} lists: on a
     * table whose statistics are not yet up to date PostgreSQL may answer those by walking a run's every instance.
     */
    private static String exactly(int rows, String itemKey) {
        List<String> one = Collections.nCopies(rows, PLANNED_INSTANCES + " AND s.step = ? AND s.item_key = " + itemKey);
        return String.join(" UNION ALL ", one);
    }

    private static Object[] params(String runId, List<String> steps) {
        List<Object> p = new ArrayList<>();
        for (String step : steps) {
            p.add(runId);
            p.add(step);
        }
        return p.toArray();
    }

    /** A run's items as stored, read in the transaction that holds its lock, for {@link RunPlanner}. */
    private static final class StoredItems implements RunItems {
        private final Connection c;
        private final String runId;

        StoredItems(Connection c, String runId) {
            this.c = c;
            this.runId = runId;
        }

        @Override
        public List<StepInstance> find(String step, Collection<String> keys) {
            List<StepInstance> found = new ArrayList<>();
            List<String> all = new ArrayList<>(keys);
            for (int from = 0; from < all.size(); from += 100) {
                List<String> chunk = all.subList(from, Math.min(all.size(), from + 100));
                List<Object> p = new ArrayList<>();
                for (String key : chunk) {
                    p.addAll(List.of(runId, step, key));
                }
                found.addAll(read(exactly(chunk.size(), "?"), p.toArray()));
            }
            return found;
        }

        @Override
        public List<StepInstance> all(String step) {
            return read(PLANNED_INSTANCES + " AND s.step = ? AND s.item_key <> ''", runId, step);
        }

        @Override
        public List<StepInstance> waiting(String step, int limit) {
            // A waiting item has no job yet: the condition lets the partial index of such items answer in item order.
            return read(PLANNED_INSTANCES + " AND s.step = ? AND s.job_id IS NULL AND s.state = 'waiting' ORDER BY s.item_index"
                    + (limit < Integer.MAX_VALUE ? " LIMIT " + limit : ""), runId, step);
        }

        private List<StepInstance> read(String sql, Object... params) {
            try {
                return Sql.list(c, sql, WorkflowRepository::instance, params);
            } catch (SQLException e) {
                throw new UncheckedSqlException(e);
            }
        }
    }

    /** An SQLException carried out of {@link RunPlanner}'s reads, thrown again as itself by {@link #advance}. */
    private static final class UncheckedSqlException extends RuntimeException {
        UncheckedSqlException(SQLException cause) {
            super(cause);
        }

        @Override
        public synchronized SQLException getCause() {
            return (SQLException) super.getCause();
        }
    }

    private Optional<WorkflowRun> load(Connection c, String id, boolean lock) throws SQLException {
        Optional<WorkflowRun> header = Sql.one(c, "SELECT " + RUN_COLUMNS + " FROM tock_workflow_runs WHERE id = ?"
                + (lock ? " FOR UPDATE" : ""), WorkflowRepository::run, id);
        if (header.isEmpty()) {
            return header;
        }
        WorkflowRun r = header.get();
        List<StepInstance> instances = lock
                ? Sql.list(c, PLANNED_INSTANCES, WorkflowRepository::instance, id)
                : inShownOrder(Sql.list(c, INSTANCES, WorkflowRepository::instance, id), r.definition());
        return Optional.of(new WorkflowRun(r.id(), r.namespace(), r.workflow(), r.definition(), r.inputs(), r.state(), r.createdAt(),
                r.finishedAt(), r.limits(), instances));
    }

    /**
     * A run's instances as they are shown: by creation time, and instances made in one transaction (which share it) in
     * the order of the definition's steps, a fan-out step's own instance before its items, the items by index.
     */
    private static List<StepInstance> inShownOrder(List<StepInstance> instances, Workflow definition) {
        Map<String, Integer> position = positions(definition);
        List<StepInstance> ordered = new ArrayList<>(instances);
        ordered.sort(Comparator.comparing(StepInstance::createdAt)
                .thenComparingInt(i -> position.getOrDefault(i.step(), position.size()))
                .thenComparing(i -> !i.isStepLevel())
                .thenComparingInt(StepInstance::itemIndex));
        return ordered;
    }

    /** Each step's place in the definition, {@code onExit} last. */
    private static Map<String, Integer> positions(Workflow definition) {
        Map<String, Integer> position = new HashMap<>();
        definition.steps().forEach(st -> position.put(st.name(), position.size()));
        definition.onExit().ifPresent(e -> position.put(e.name(), position.size()));
        return position;
    }

    private static WorkflowRun run(ResultSet rs) throws SQLException {
        String namespace = rs.getString("namespace");
        String workflow = rs.getString("workflow");
        return new WorkflowRun(rs.getString("id"), namespace, workflow, Definitions.read(namespace, workflow, rs.getString("definition")),
                rs.getString("inputs"), RunState.fromWireName(rs.getString("state")).orElseThrow(), JobRows.instant(rs, "created_at"),
                Optional.ofNullable(JobRows.instant(rs, "finished_at")),
                new RunLimits(rs.getInt("max_fan_out"), rs.getInt("max_step_output_bytes")), List.of());
    }

    private static StepInstance instance(ResultSet rs) throws SQLException {
        UUID job = rs.getObject("job_id", UUID.class);
        String jobState = rs.getString("job_state");
        return new StepInstance(rs.getString("step"), rs.getString("item_key"), rs.getInt("item_index"), rs.getInt("item_count"),
                Optional.ofNullable(rs.getString("item")), InstanceState.fromWireName(rs.getString("state")),
                Optional.ofNullable(job).map(JobId::new), Optional.ofNullable(rs.getString("output")),
                Optional.ofNullable(rs.getString("error")), JobRows.instant(rs, "created_at"),
                Optional.ofNullable(JobRows.instant(rs, "finished_at")),
                Optional.ofNullable(jobState).map(JobState::fromWireName));
    }

    @Override
    public Optional<WorkflowRun> findRun(String namespace, String id) {
        return tx.run("reading workflow run", c -> load(c, id, false)).filter(r -> r.namespace().equals(namespace));
    }

    @Override
    public List<WorkflowRun> listRuns(RunQuery q) {
        StringBuilder sql = new StringBuilder("SELECT " + RUN_COLUMNS + " FROM tock_workflow_runs WHERE namespace = ?");
        List<Object> params = new ArrayList<>(List.of(q.namespace()));
        q.workflow().ifPresent(w -> {
            sql.append(" AND workflow = ?");
            params.add(w);
        });
        q.state().ifPresent(s -> {
            sql.append(" AND state = ?");
            params.add(s.wireName());
        });
        q.since().ifPresent(t -> {
            sql.append(" AND created_at >= ?");
            params.add(t);
        });
        sql.append(" ORDER BY created_at DESC, id LIMIT ").append(q.limit());
        return tx.list("listing workflow runs", sql.toString(), WorkflowRepository::run, params.toArray());
    }

    @Override
    public Map<String, Long> activeRuns(String namespace) {
        Map<String, Long> counts = new TreeMap<>();
        tx.list("counting running workflow runs", "SELECT workflow, COUNT(*) FROM tock_workflow_runs WHERE namespace = ? AND state = 'running'"
                + " GROUP BY workflow", rs -> counts.put(rs.getString(1), rs.getLong(2)), namespace);
        return counts;
    }

    @Override
    public Map<String, WorkflowRun> latestRuns(String namespace) {
        Map<String, WorkflowRun> latest = new TreeMap<>();
        tx.list("reading the latest workflow runs", LATEST_RUNS, WorkflowRepository::run, namespace)
                .forEach(r -> latest.put(r.workflow(), r));
        return latest;
    }

    @Override
    public Optional<WorkflowRun> cancel(String namespace, String id) {
        RunChanges ended = new RunChanges();
        List<JobId> active = tx.run("cancelling workflow run", c -> {
            Optional<WorkflowRun> run = load(c, id, true).filter(r -> r.namespace().equals(namespace));
            if (run.isEmpty()) {
                return null;
            }
            if (run.get().state() != RunState.RUNNING) {
                throw new ConflictException("workflow run " + id + " is " + run.get().state().wireName() + ", not running");
            }
            Sql.update(c, "UPDATE tock_workflow_runs SET state = 'cancelled', finished_at = " + dialect.now() + " WHERE id = ?", id);
            ended.ended.add(new Object[] {namespace, run.get().workflow(), RunState.CANCELLED});
            Sql.update(c, "UPDATE tock_workflow_steps SET state = 'cancelled', error = 'the run was cancelled', finished_at = "
                    + dialect.now() + " WHERE run_id = ? AND (state = 'waiting' OR (state = 'active' AND job_id IS NULL))", id);
            return run.get().instances().stream().filter(i -> i.state() == InstanceState.ACTIVE)
                    .flatMap(i -> i.jobId().stream()).toList();
        });
        if (active == null) {
            return Optional.empty();
        }
        publish(ended);
        // Each job in a transaction of its own, without the run's lock: a completion locks its job before the run.
        active.forEach(this::cancelStepJob);
        return findRun(namespace, id);
    }

    private void cancelStepJob(JobId job) {
        tx.run("cancelling a workflow step's job", c -> {
            JobState state = jobs.cancel(c, job).previous();
            Sql.update(c, "UPDATE tock_workflow_steps SET state = 'cancelled', error = 'the run was cancelled', finished_at = "
                    + dialect.now() + " WHERE job_id = ? AND state = 'active'", job.value());
            return state;
        });
    }

    @Override
    public Optional<WorkflowRun> retry(String namespace, String id) {
        RunChanges changes = new RunChanges();
        Optional<Boolean> retried = tx.run("retrying workflow run", c -> {
            Optional<WorkflowRun> found = load(c, id, true).filter(r -> r.namespace().equals(namespace));
            if (found.isEmpty()) {
                return Optional.empty();
            }
            WorkflowRun run = found.get();
            if (run.state() != RunState.FAILED && run.state() != RunState.CANCELLED) {
                throw new ConflictException("workflow run " + id + " is " + run.state().wireName() + "; only a failed or cancelled run is retried");
            }
            for (RunRetry.Removal r : RunRetry.removals(run)) {
                Sql.update(c, "DELETE FROM tock_workflow_steps WHERE run_id = ? AND step = ? AND item_key = ?", id, r.step(), r.itemKey());
            }
            Sql.update(c, RECOUNT, id);
            Sql.update(c, "UPDATE tock_workflow_runs SET state = 'running', finished_at = NULL WHERE id = ?", id);
            // Running again, it will end again: counted as started again, so that started minus ended is what runs.
            changes.started.add(new String[] {run.namespace(), run.workflow()});
            advance(c, id, List.of(), changes);
            return Optional.of(true);
        });
        if (retried.isEmpty()) {
            return Optional.empty();
        }
        publish(changes);
        return findRun(namespace, id);
    }

    @Override
    public int reconcile(int limit) {
        // Step jobs that ended without an attempt recorded through finish: reaped with no attempt left, or cancelled.
        List<String[]> ended = tx.list("finding ended step jobs", "SELECT s.run_id, s.step, s.item_key, j.state, j.last_error"
                        + " FROM tock_workflow_steps s JOIN tock_jobs_all j ON j.id = s.job_id WHERE s.state = 'active'"
                        + " AND j.state IN ('succeeded', 'dead', 'cancelled') LIMIT " + limit,
                rs -> new String[] {rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5)});
        // Cancelled runs whose step jobs are still running (a node stopped between the two steps of cancel).
        List<UUID> orphans = tx.list("finding step jobs of cancelled runs", "SELECT s.job_id FROM tock_workflow_steps s"
                + " JOIN tock_workflow_runs r ON r.id = s.run_id WHERE s.state = 'active' AND s.job_id IS NOT NULL AND r.state = 'cancelled' LIMIT " + limit,
                rs -> rs.getObject(1, UUID.class));
        orphans.forEach(job -> cancelStepJob(new JobId(job)));
        // Running runs whose starter job was cancelled in the store with no node to pass it on: a replacing fire while
        // the starter's node was down. A run's id is its starter's; a schedule's starters stay in tock_jobs.
        List<String[]> abandoned = tx.list("finding runs whose starter was cancelled", "SELECT r.namespace, r.id"
                        + " FROM tock_workflow_runs r JOIN tock_jobs j ON j.id = CAST(r.id AS UUID) WHERE r.state = 'running'"
                        + " AND j.state = 'cancelled' AND j.type = ? LIMIT " + limit,
                rs -> new String[] {rs.getString(1), rs.getString(2)}, ScheduledWorkflow.STARTER_TYPE);
        abandoned.forEach(run -> cancel(run[0], run[1]));
        if (ended.isEmpty()) {
            return orphans.size() + abandoned.size();
        }
        RunChanges changes = new RunChanges();
        Map<String, List<InstanceEnd>> ends = new TreeMap<>();
        Instant at = Instant.now();
        for (String[] e : ended) {
            InstanceState state = switch (JobState.fromWireName(e[3])) {
                case SUCCEEDED -> InstanceState.SUCCEEDED;
                case DEAD -> InstanceState.DEAD;
                default -> InstanceState.CANCELLED;
            };
            ends.computeIfAbsent(e[0], r -> new ArrayList<>()).add(new InstanceEnd(e[1], e[2], state, Optional.empty(),
                    Optional.ofNullable(e[4]), at));
        }
        tx.run("moving on workflow runs", c -> {
            advanceAll(c, ends, changes);
            return null;
        });
        publish(changes);
        return ended.size() + orphans.size() + abandoned.size();
    }
}
