package dev.tock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.model.JobId;
import dev.tock.model.JobPage;
import dev.tock.model.JobQuery;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.store.StoreOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * A filtered listing reads a bounded window of jobs per page: short pages carry a cursor and the
 * search goes on until every match was shown once, on both databases.
 */
class ListingBudgetTest {

    @Test
    void aRareMatchIsFoundAcrossShortPagesOnH2() {
        rareMatchesAreEachListedOnce(TestDatabases.freshH2());
    }

    @Test
    void aRareMatchIsFoundAcrossShortPagesOnPostgres() {
        String schema = TestDatabases.freshSchemaName();
        try {
            rareMatchesAreEachListedOnce(TestDatabases.postgres(schema));
        } finally {
            TestDatabases.dropSchema(schema);
        }
    }

    private static void rareMatchesAreEachListedOnce(StoreOptions options) {
        try (JdbcStore store = JdbcStore.open(options)) {
            List<JobId> rare = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                boolean isRare = i % 13 == 0;
                JobId id = store.jobs().enqueue(List.of(NewJob.builder(isRare ? "rare" : "common").delay(Duration.ofHours(1)).build()))
                        .get(0).id();
                if (isRare) {
                    rare.add(0, id);
                }
            }
            Function<JobQuery, JobPage> list = q -> ((JobRepository) store.jobs()).list(q, 10);

            List<JobId> seen = new ArrayList<>();
            int pages = 0;
            JobQuery query = JobQuery.builder("default").type("rare").limit(3).build();
            while (true) {
                JobPage page = list.apply(query);
                pages++;
                page.jobs().forEach(j -> seen.add(j.id()));
                if (page.nextCursor().isEmpty()) {
                    break;
                }
                query = query.withCursor(page.nextCursor().get());
            }
            // Newest first, by id: jobs made in one millisecond are ordered by their ids' random part, not by when.
            rare.sort(java.util.Comparator.comparing(JobId::toString).reversed());
            assertThat(seen).containsExactlyElementsOf(rare);
            assertThat(pages).as("a window of 10 jobs per page over 40 jobs").isGreaterThanOrEqualTo(4);

            // Unfinished states are answered by their indexes, whole pages at once.
            JobPage scheduled = list.apply(JobQuery.builder("default").state(JobState.SCHEDULED).limit(40).build());
            assertThat(scheduled.jobs()).hasSize(40);
            assertThat(scheduled.nextCursor()).isEmpty();
        }
    }
}
