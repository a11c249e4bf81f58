package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every route of the table, sent every kind of bad input: the answer is a 4xx problem (or a success
 * where the route takes no body), never a 5xx.
 */
class BadInputSweepTest extends ApiTest {
    private static final List<String> BAD_BODIES = List.of("{", "not json", "[]", "\"text\"", "42", "null",
            "{\"bogus\": 1}", "{\"type\": 5, \"name\": 5, \"schedule\": 5, \"jobs\": 5, \"maxRunning\": \"x\", \"from\": 5}",
            "[".repeat(1000), "{\"a\":" + "[".repeat(300) + "]".repeat(300) + "}", "\u0000\u0001", "{\"type\": \"\\ud800\"}");

    @Test
    void noRouteAnswers5xxToBadInput() {
        String job = http.post(NS + "/jobs", "{\"type\": \"t\", \"delay\": \"1h\"}").expect(201).text("id");
        http.put(NS + "/queues/q", "{}").expect(201);
        http.put(NS + "/schedules/s", "{\"schedule\": \"@daily\", \"jobTemplate\": {\"type\": \"t\"}}").expect(201);
        Map<String, String> values = Map.of("{ns}", "default", "{id}", job, "{queue}", "q", "{name}", "s", "{worker}", "w",
                "{run}", java.util.UUID.randomUUID().toString());
        int checked = 0;
        for (Route route : fixture.server.routes()) {
            String path = route.path().text();
            for (var v : values.entrySet()) {
                path = path.replace(v.getKey(), v.getValue());
            }
            for (String body : BAD_BODIES) {
                check(route, path, body);
                checked++;
            }
            for (String query : List.of("?limit=-1", "?count=x", "?state=nope", "?cursor=AAAA&limit=1", "?label=&label==")) {
                check(route, path + query, null);
                checked++;
            }
            if (path.contains("/namespaces/default")) {
                var reply = http.send(route.method().name(), path.replace("/namespaces/default", "/namespaces/missing"), "{}", Map.of());
                assertThat(reply.status()).as(route.method() + " " + path + " in a missing namespace").isEqualTo(404);
            }
        }
        assertThat(checked).isGreaterThan(300);
    }

    private void check(Route route, String path, String body) {
        var reply = http.send(route.method().name(), path, body, Map.of());
        assertThat(reply.status()).as(route.method() + " " + path + " with " + body + ": " + reply.raw().body()).isLessThan(500);
        if (reply.status() >= 400) {
            assertThat(reply.contentType()).as(route.method() + " " + path).startsWith("application/problem+json");
        }
    }
}
