package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.engine.Tock;
import dev.tock.store.Store;
import dev.tock.store.jdbc.JdbcStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The alert tests on PostgreSQL, and three engines sharing it: every node evaluates, one notification goes out. */
class PostgresAlertsTest extends AlertsTest {

    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.postgres(settings(), this::handlers, b -> { });
    }

    @Test
    void threeEnginesWithAFailingPerSecondScheduleNotifyFailedAfterThreeOnce() throws Exception {
        List<Store> stores = new ArrayList<>();
        List<Tock> engines = new ArrayList<>();
        try {
            for (String node : List.of("node-2", "node-3")) {
                Store store = JdbcStore.open(fixture.options);
                stores.add(store);
                Tock.Builder b = Tock.builder().store(store).config(settings().nodeId(node).build()).acceptAnyType();
                handlers(b);
                engines.add(b.build().start());
            }
            http.put(NS + "/alert-rules/nightly-failed", "{\"subjects\": [{\"kind\": \"schedule\", \"name\": \"nightly\"}],"
                    + " \"conditions\": [{\"type\": \"failed\", \"after\": 3}], \"channels\": [\"ops\"]}").expect(201);
            schedule();
            await("a firing notification", () -> !received("firing").isEmpty());
            int runsAtFiring = fixture.store.alerts().scheduleRuns("default", "nightly", 1000).size();
            // Six more failing runs, each evaluated by all three nodes: still one alert, one notification.
            await("six more runs", () -> fixture.store.alerts().scheduleRuns("default", "nightly", 1000).size() >= runsAtFiring + 6);
            String id = received("firing").getFirst().path("alert").path("id").asText();
            await("the firing notification to be marked sent", () -> http.get(NS + "/alerts/" + id).json().path("notifications")
                    .findValuesAsText("state").equals(List.of("sent")));
            assertThat(received("firing")).hasSize(1);
            assertThat(http.get(NS + "/alerts").expect(200).json().path("alerts")).hasSize(1);
        } finally {
            engines.forEach(t -> t.stop(Duration.ofSeconds(5)));
            stores.forEach(Store::close);
        }
    }
}
