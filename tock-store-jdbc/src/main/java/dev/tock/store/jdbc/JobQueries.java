package dev.tock.store.jdbc;

import dev.tock.model.Job;
import dev.tock.model.JobCursor;
import dev.tock.model.JobId;
import dev.tock.model.JobPage;
import dev.tock.model.JobQuery;
import dev.tock.model.JobState;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Lists jobs for people and tools: newest first, filtered, in pages that continue after the last id
 * shown (keyset pagination), so that a page costs the same however deep it is.
 *
 * <p>It adds no index to the job table, whose inserts and state changes are the hot path: it walks the
 * primary key from the newest id down and filters as it goes. So that a filter matching few of many jobs
 * cannot read the whole table for one page, a filtered page reads at most {@link #SCAN_BUDGET} jobs: when
 * they hold fewer matches than the page, the page ends short with a cursor after the last job read. Filters
 * that the partial indexes answer (only unfinished states, or an idempotency key) need no budget.
 */
final class JobQueries {
    /** The most jobs a filtered page reads. */
    static final int SCAN_BUDGET = 100_000;
    private static final Set<JobState> INDEXED_STATES = EnumSet.of(JobState.SCHEDULED, JobState.READY, JobState.FAILED,
            JobState.LEASED, JobState.RUNNING);
    /**
     * States of jobs due or waiting for a retry: the partial indexes of due work find those few among the future ones.
     * A filter on scheduled jobs, usually the many, walks the ids instead.
     */
    private static final Set<JobState> DUE_STATES = EnumSet.of(JobState.READY, JobState.FAILED);
    private final Transactions tx;
    private final Dialect dialect;
    private final int scanBudget;

    JobQueries(Transactions tx, Dialect dialect) {
        this(tx, dialect, SCAN_BUDGET);
    }

    JobQueries(Transactions tx, Dialect dialect, int scanBudget) {
        this.tx = tx;
        this.dialect = dialect;
        this.scanBudget = scanBudget;
    }

    JobPage list(JobQuery query) {
        if (needsBudget(query)) {
            Optional<UUID> boundary = windowEnd(query);
            if (boundary.isPresent()) {
                return budgeted(query, boundary.get());
            }
        }
        return page(query, selectFor(query, Optional.empty()));
    }

    /** True for a filter that the primary key walk must answer row by row. */
    private static boolean needsBudget(JobQuery query) {
        boolean filtered = !query.states().isEmpty() || query.queue().isPresent() || query.type().isPresent()
                || !query.labels().isEmpty() || query.createdFrom().isPresent() || query.createdBefore().isPresent()
                || query.schedule().isPresent();
        boolean indexed = query.idempotencyKey().isPresent()
                || (!query.states().isEmpty() && INDEXED_STATES.containsAll(query.states()));
        return filtered && !indexed;
    }

    /**
     * The id of the last job (of any namespace) in the window this page may read, or empty when fewer
     * jobs than the budget remain: an index-only walk of the primary key.
     */
    private Optional<UUID> windowEnd(JobQuery query) {
        String sql = "SELECT id FROM " + table(query) + (query.after().isPresent() ? " WHERE id < ?" : "")
                + " ORDER BY id DESC OFFSET ? ROWS FETCH NEXT 1 ROWS ONLY";
        Object[] parameters = query.after().isPresent()
                ? new Object[] {query.after().get().value(), scanBudget - 1} : new Object[] {scanBudget - 1};
        return tx.one("finding the end of a listing window", sql, rs -> rs.getObject(1, UUID.class), parameters);
    }

    /** A page read within the window down to {@code boundary}; a short page goes on after the window. */
    private JobPage budgeted(JobQuery query, UUID boundary) {
        JobPage page = page(query, selectFor(query, Optional.of(boundary)));
        if (page.nextCursor().isPresent()) {
            return page;
        }
        return new JobPage(page.jobs(), Optional.of(JobCursor.after(new JobId(boundary))));
    }

    private JobPage page(JobQuery query, PageSelect select) {
        List<Job> jobs = tx.list("listing jobs", select.sql(), JobRows::shownJob, select.parameters().toArray());
        if (jobs.size() <= query.limit()) {
            return new JobPage(jobs, Optional.empty());
        }
        List<Job> page = jobs.subList(0, query.limit());
        return new JobPage(page, Optional.of(JobCursor.after(page.get(page.size() - 1).id())));
    }

    private record PageSelect(String sql, List<Object> parameters) {
    }

    /**
     * The SELECT for one page, reading one row more than the page holds to learn whether another follows;
     * with a boundary, only down to that id.
     */
    private PageSelect selectFor(JobQuery query, Optional<UUID> boundary) {
        StringBuilder sql = new StringBuilder("SELECT j.*, " + JobSql.shownState(dialect) + " AS shown_state FROM " + table(query)
                + " j WHERE j.namespace = ?");
        List<Object> parameters = new ArrayList<>();
        parameters.add(query.namespace());
        if (!query.states().isEmpty()) {
            // By the state shown: a scheduled job whose time has come is listed as ready, a held one as leased.
            sql.append(" AND (").append(query.states().stream().sorted().map(s -> JobSql.showing(dialect, s))
                    .collect(java.util.stream.Collectors.joining(" OR "))).append(")");
            if (DUE_STATES.containsAll(query.states())) {
                // Lets the database read the few due jobs through the partial indexes rather than walk every id.
                sql.append(" AND j.").append(JobSql.PENDING);
            }
        }
        query.queue().ifPresent(q -> filter(sql, parameters, " AND j.queue = ?", q));
        query.type().ifPresent(t -> filter(sql, parameters, " AND j.type = ?", t));
        query.schedule().ifPresent(s -> filter(sql, parameters, " AND j.schedule_name = ?", s));
        query.idempotencyKey().ifPresent(k -> filter(sql, parameters, " AND j.idempotency_key = ?", k));
        for (Map.Entry<String, String> label : query.labels().entrySet()) {
            filter(sql, parameters, " AND j.labels LIKE ? ESCAPE '!'", JobRows.labelPattern(label.getKey(), label.getValue()));
        }
        query.createdFrom().ifPresent(from -> filter(sql, parameters, " AND j.created_at >= ?", from));
        query.createdBefore().ifPresent(before -> filter(sql, parameters, " AND j.created_at < ?", before));
        query.after().ifPresent(id -> filter(sql, parameters, " AND j.id < ?", id.value()));
        boundary.ifPresent(id -> filter(sql, parameters, " AND j.id >= ?", id));
        sql.append(" ORDER BY j.id DESC LIMIT ?");
        parameters.add(query.limit() + 1);
        return new PageSelect(sql.toString(), parameters);
    }

    /** Unfinished jobs are never in the history: a filter on their states reads only the table of unfinished work. */
    private static String table(JobQuery query) {
        return !query.states().isEmpty() && INDEXED_STATES.containsAll(query.states()) ? "tock_jobs" : "tock_jobs_all";
    }

    private static void filter(StringBuilder sql, List<Object> parameters, String condition, Object value) {
        sql.append(condition);
        parameters.add(value);
    }
}
