package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.handler.PermanentFailure;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.testing.Eventually;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Listing with filters and cursor pages, and retrying a dead job: needs a node that runs jobs. */
class JobListingTest extends ApiTest {

    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.h2(ServerFixture.config(), JobListingTest::handlers, b -> { });
    }

    static void handlers(dev.tock.engine.Tock.Builder b) {
        b.handler("fails", ctx -> {
            throw new PermanentFailure("always fails");
        }).handler("works", ctx -> { });
    }

    @Test
    void pagesThroughEveryJobExactlyOnceNewestFirst() {
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            created.add(http.post(NS + "/jobs", "{\"type\": \"listed\", \"delay\": \"1h\"}").expect(201).text("id"));
        }
        List<String> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            JsonNode page = http.get(NS + "/jobs?type=listed&limit=10" + (cursor == null ? "" : "&cursor=" + enc(cursor)))
                    .expect(200).json();
            page.get("jobs").forEach(j -> seen.add(j.get("id").asText()));
            cursor = page.path("nextCursor").asText(null);
            pages++;
        } while (cursor != null && pages < 10);
        assertThat(pages).isEqualTo(3);
        assertThat(seen).hasSize(23).doesNotHaveDuplicates();
        assertThat(new HashSet<>(seen)).isEqualTo(new HashSet<>(created));
        // Newest first by id: ids are UUIDv7, ordered by their creation millisecond (within one, at random).
        assertThat(seen.get(0).substring(0, 13)).isEqualTo(created.get(22).substring(0, 13));
    }

    @Test
    void filtersByStateQueueTypeLabelAndTime() throws Exception {
        String mail = http.post(NS + "/jobs", "{\"type\": \"send\", \"queue\": \"mail\", \"delay\": \"1h\", \"labels\": {\"team\": \"a\"}}")
                .expect(201).text("id");
        String other = http.post(NS + "/jobs", "{\"type\": \"other\", \"delay\": \"1h\", \"labels\": {\"team\": \"b\"}}").expect(201).text("id");
        String cancelled = http.post(NS + "/jobs", "{\"type\": \"other\", \"delay\": \"1h\"}").expect(201).text("id");
        http.post(NS + "/jobs/" + cancelled + "/cancel", null).expect(200);

        assertThat(ids("?queue=mail")).containsExactly(mail);
        assertThat(ids("?type=other")).containsExactlyInAnyOrder(other, cancelled);
        assertThat(ids("?label=team%3Db")).containsExactly(other);
        assertThat(ids("?state=cancelled")).containsExactly(cancelled);
        assertThat(ids("?state=scheduled,cancelled")).containsExactlyInAnyOrder(mail, other, cancelled);
        assertThat(ids("?state=scheduled&state=cancelled")).hasSize(3);
        String created = http.get(NS + "/jobs/" + mail).json().get("createdAt").asText();
        assertThat(ids("?createdBefore=" + enc(created))).isEmpty();
        assertThat(ids("?createdFrom=" + enc(created))).contains(mail);

        http.get(NS + "/jobs?state=sleeping").expectProblem(400, "state");
        http.get(NS + "/jobs?limit=0").expectProblem(400, "limit");
        http.get(NS + "/jobs?limit=501").expectProblem(400, "limit");
        http.get(NS + "/jobs?limit=ten").expectProblem(400, "limit");
        http.get(NS + "/jobs?cursor=garbage").expectProblem(400, "cursor");
        http.get(NS + "/jobs?label=novalue").expectProblem(400, "label");
        http.get(NS + "/jobs?createdFrom=yesterday").expectProblem(400, "createdFrom");
        http.get(NS + "/jobs?queue=Bad_Queue").expectProblem(400, "queue");
        http.get("/v1/namespaces/nope/jobs").expectProblem(404, null);
    }

    @Test
    void retriesADeadJobAndRefusesOneThatIsNotDead() {
        fixture.tock.start();
        String id = http.post(NS + "/jobs", "{\"type\": \"fails\"}").expect(201).text("id");
        Eventually.await(Duration.ofSeconds(20), "the job to die",
                () -> fixture.tock.jobs().get(JobId.parse(id)).state() == JobState.DEAD);
        assertThat(http.get(NS + "/jobs/" + id + "/attempts").expect(200).json().get("attempts").get(0).get("outcome").asText())
                .isEqualTo("failed");
        http.post(NS + "/jobs/" + id + "/retry", null).expect(200);
        Eventually.await(Duration.ofSeconds(20), "the retried job to die again",
                () -> fixture.tock.jobs().get(JobId.parse(id)).attempts() == 2 && fixture.tock.jobs().get(JobId.parse(id)).state() == JobState.DEAD);

        String pending = http.post(NS + "/jobs", "{\"type\": \"fails\", \"delay\": \"1h\"}").expect(201).text("id");
        http.post(NS + "/jobs/" + pending + "/retry", null).expectProblem(409, null);

        String works = http.post(NS + "/jobs", "{\"type\": \"works\"}").expect(201).text("id");
        Eventually.await(Duration.ofSeconds(20), "the job to succeed",
                () -> fixture.tock.jobs().get(JobId.parse(works)).state() == JobState.SUCCEEDED);
        http.post(NS + "/jobs/" + works + "/cancel", null).expectProblem(409, null);
        assertThat(http.get(NS + "/jobs?state=succeeded").json().get("jobs").get(0).get("finishedAt").asText()).isNotBlank();
    }

    private Set<String> ids(String query) {
        Set<String> ids = new HashSet<>();
        http.get(NS + "/jobs" + query).expect(200).json().get("jobs").forEach(j -> ids.add(j.get("id").asText()));
        return ids;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
