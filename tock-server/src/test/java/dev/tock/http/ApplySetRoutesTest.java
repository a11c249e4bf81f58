package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ApplySetRoutesTest extends ApiTest {
    private static final String SETS = NS + "/applysets";

    @Test
    void recordsListsReplacesAndForgetsAnApplySet() {
        var put = http.put(SETS + "/prod", "{\"members\": [\"schedule/nightly\", \"queue/mail\"]}").expect(201);
        assertThat(put.header("Location")).isEqualTo(SETS + "/prod");
        assertThat(put.json().get("members").toString()).isEqualTo("[\"queue/mail\",\"schedule/nightly\"]");
        http.put(SETS + "/prod", "{\"members\": [\"queue/mail\"]}").expect(200);

        assertThat(http.get(SETS + "/prod").expect(200).json().get("members").toString()).isEqualTo("[\"queue/mail\"]");
        assertThat(http.get(SETS).expect(200).json().get("items")).hasSize(1);
        http.delete(SETS + "/prod").expect(204);
        http.get(SETS + "/prod").expectProblem(404, null);
        http.delete(SETS + "/prod").expectProblem(404, null);
    }

    @Test
    void badMembersAndNamesAreRefused() {
        http.put(SETS + "/prod", "{\"members\": [\"../etc\"]}").expectProblem(400, "members");
        http.put(SETS + "/prod", "{\"members\": [null]}").expectProblem(400, "members");
        http.put(SETS + "/Prod", "{\"members\": []}").expectProblem(400, "name");
        http.put(SETS + "/prod", "{\"members\": [], \"extra\": 1}").expectProblem(400, "extra");
        http.put("/v1/namespaces/nope/applysets/prod", "{\"members\": []}").expectProblem(404, null);
    }
}
