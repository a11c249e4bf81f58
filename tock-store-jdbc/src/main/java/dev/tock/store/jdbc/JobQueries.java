package dev.tock.store.jdbc;

import dev.tock.model.Job;
import dev.tock.model.JobState;
import dev.tock.store.JobCursor;
import dev.tock.store.JobPage;
import dev.tock.store.JobQuery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Lists jobs for people and tools: newest first, filtered, in pages that continue after the last id
 * shown (keyset pagination), so that a page costs the same however deep it is.
 *
 * <p>It adds no index to the job table, whose inserts and state changes are the hot path: it walks the
 * primary key from the newest id down and filters as it goes. A filter that matches few of many jobs
 * therefore reads more rows per page; that is the price of keeping enqueue and leasing fast.
 */
final class JobQueries {
    private final Transactions tx;

    JobQueries(Transactions tx) {
        this.tx = tx;
    }

    JobPage list(JobQuery query) {
        PageSelect select = selectFor(query);
        List<Job> jobs = tx.run("listing jobs", c -> {
            try (PreparedStatement ps = c.prepareStatement(select.sql())) {
                for (int i = 0; i < select.parameters().size(); i++) {
                    bind(ps, i + 1, select.parameters().get(i));
                }
                List<Job> rows = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        rows.add(JobRows.job(rs));
                    }
                }
                return rows;
            }
        });
        if (jobs.size() <= query.limit()) {
            return new JobPage(jobs, Optional.empty());
        }
        List<Job> page = jobs.subList(0, query.limit());
        return new JobPage(page, Optional.of(JobCursor.after(page.get(page.size() - 1).id())));
    }

    private record PageSelect(String sql, List<Object> parameters) {
    }

    /** The SELECT for one page, reading one row more than the page holds to learn whether another follows. */
    private static PageSelect selectFor(JobQuery query) {
        StringBuilder sql = new StringBuilder("SELECT * FROM tock_jobs j WHERE j.namespace = ?");
        List<Object> parameters = new ArrayList<>();
        parameters.add(query.namespace());
        if (!query.states().isEmpty()) {
            sql.append(" AND j.state IN (").append(String.join(", ", Collections.nCopies(query.states().size(), "?")))
                    .append(")");
            query.states().stream().map(JobState::wireName).sorted().forEach(parameters::add);
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
        sql.append(" ORDER BY j.id DESC LIMIT ?");
        parameters.add(query.limit() + 1);
        return new PageSelect(sql.toString(), parameters);
    }

    private static void filter(StringBuilder sql, List<Object> parameters, String condition, Object value) {
        sql.append(condition);
        parameters.add(value);
    }

    private static void bind(PreparedStatement ps, int index, Object value) throws SQLException {
        if (value instanceof Instant instant) {
            JobRows.setInstant(ps, index, instant);
        } else {
            ps.setObject(index, value);
        }
    }
}
