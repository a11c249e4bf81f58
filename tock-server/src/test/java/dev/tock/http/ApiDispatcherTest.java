package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.http.wire.Json;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The dispatcher in memory: routing, 404/405, and the catch-all for unexpected failures. */
class ApiDispatcherTest {
    private final Json json = new Json();

    private ApiResponse dispatch(List<Route> routes, String method, String path) {
        ApiDispatcher d = new ApiDispatcher(new Router(routes), List.of(), json);
        return d.dispatch(new ApiDispatcher.Incoming(method, path, null, name -> null, () -> new byte[0]));
    }

    @Test
    void anUnexpectedFailureIsA500ProblemWithoutDetails() {
        Route broken = Route.get("/boom", "boom").handler(r -> {
            throw new IllegalStateException("secret internal detail");
        });
        ApiResponse response = dispatch(List.of(broken), "GET", "/boom");
        assertThat(response.status()).isEqualTo(500);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        String body = new String(json.write(response.body()));
        assertThat(body).doesNotContain("secret").doesNotContain("IllegalStateException").doesNotContain("at dev.");
    }

    @Test
    void literalSegmentsWinOverParameters() {
        Route byId = Route.get("/jobs/{id}", "byId").handler(r -> ApiResponse.ok(r.pathParam("id")));
        Route batch = Route.post("/jobs/batch", "batch").handler(r -> ApiResponse.ok("batch"));
        Route special = Route.get("/jobs/special", "special").handler(r -> ApiResponse.ok("special"));
        List<Route> routes = List.of(byId, batch, special);
        assertThat(dispatch(routes, "GET", "/jobs/special").body()).isEqualTo("special");
        assertThat(dispatch(routes, "GET", "/jobs/batch").body()).isEqualTo("batch");
        assertThat(dispatch(routes, "POST", "/jobs/batch").body()).isEqualTo("batch");
        assertThat(dispatch(routes, "GET", "/jobs/a%20b").body()).isEqualTo("a b");
        assertThat(dispatch(routes, "GET", "/jobs/x/").body()).isEqualTo("x");
        assertThat(dispatch(routes, "PUT", "/jobs/x").status()).isEqualTo(405);
        assertThat(dispatch(routes, "PUT", "/jobs/x").headers().get("Allow")).isEqualTo("GET");
        assertThat(dispatch(routes, "GET", "/jobs").status()).isEqualTo(404);
        assertThat(dispatch(routes, "GET", "/jobs/x/y").status()).isEqualTo(404);
        assertThat(dispatch(routes, "GET", "/jobs//").status()).isEqualTo(404);
    }

    @Test
    void aRouteTableWithDuplicatesIsRefused() {
        Route a = Route.get("/x/{a}", "a").handler(r -> ApiResponse.noContent());
        Route b = Route.get("/x/{a}", "b").handler(r -> ApiResponse.noContent());
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Router(List.of(a, b)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
