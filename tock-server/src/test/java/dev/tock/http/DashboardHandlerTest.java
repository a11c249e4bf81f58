package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.http.wire.Json;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The dashboard's files: served from the jar with a strict policy, nothing else served under /ui/. */
class DashboardHandlerTest {
    private static ServerFixture fixture;
    private static Http http;

    @BeforeAll
    static void start() {
        fixture = ServerFixture.h2();
        http = fixture.http;
    }

    @AfterAll
    static void stop() {
        fixture.close();
    }

    @Test
    void servesTheAppWithAStrictContentSecurityPolicy() {
        Http.Reply page = http.get("/ui/").expect(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.raw().body()).contains("<script type=\"module\" src=\"app.js\"></script>");
        assertThat(page.header("Content-Security-Policy")).contains("script-src 'self'").contains("default-src 'none'")
                .contains("frame-ancestors 'none'").doesNotContain("unsafe");
        assertThat(page.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.header("Referrer-Policy")).isEqualTo("no-referrer");

        assertThat(http.get("/ui/app.js").expect(200).contentType()).startsWith("text/javascript");
        assertThat(http.get("/ui/pages/jobs.js").expect(200).contentType()).startsWith("text/javascript");
        assertThat(http.get("/ui/style.css").expect(200).contentType()).startsWith("text/css");
        assertThat(http.get("/ui/favicon.svg").expect(200).contentType()).startsWith("image/svg+xml");
    }

    @Test
    void answersNotModifiedForAnUnchangedFile() {
        String etag = http.get("/ui/app.js").expect(200).header("ETag");
        assertThat(etag).isNotBlank();
        Http.Reply again = http.send("GET", "/ui/app.js", null, Map.of("If-None-Match", etag));
        assertThat(again.status()).isEqualTo(304);
    }

    @Test
    void theRootAndUiWithoutSlashLeadToTheApp() {
        for (String path : new String[] {"/", "/ui"}) {
            Http.Reply reply = http.get(path);
            assertThat(reply.status()).isEqualTo(302);
            assertThat(reply.header("Location")).isEqualTo("/ui/");
        }
    }

    @Test
    void nothingOutsideTheAppsFilesIsServed() {
        for (String path : new String[] {"/ui/../pom.xml", "/ui/%2e%2e/dev/tock/http/Json.class", "/ui/dev/tock/http/Json.class",
                "/ui/missing.js", "/ui/App.js", "/ui/.hidden.js", "/ui/pages//jobs.js", "/ui/logback-test.xml"}) {
            Http.Reply reply = http.get(path);
            assertThat(reply.status()).as(path).isIn(400, 404);
            assertThat(reply.raw().body()).as(path).doesNotContain("<configuration>").hasSizeLessThan(400);
        }
        Http.Reply post = http.post("/ui/app.js", "{}");
        assertThat(post.status()).isEqualTo(405);
        assertThat(post.header("Content-Security-Policy")).isNotBlank();
    }

    @Test
    void aNodeWithoutTheApiRoleServesNoDashboard() {
        try (ServerFixture noApi = ServerFixture.h2(ServerFixture.config(), b -> { }, b -> b.api(false))) {
            assertThat(noApi.http.get("/ui/").status()).isEqualTo(404);
        }
    }
}
