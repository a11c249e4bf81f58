package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.tock.security.AuditEntry;
import dev.tock.security.AuditQuery;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

/**
 * The dashboard's login in a real headless Chromium: without a session it sends you to the login page,
 * a token logs you in with an HttpOnly session cookie, changes carry the CSRF token, a page of another
 * origin cannot make changes with your cookie, and logging out ends the session.
 */
class DashboardLoginBrowserTest {
    private ServerFixture fixture;
    private Browser browser;
    private String admin;
    private HttpServer attacker;

    @BeforeEach
    void start() {
        fixture = ServerFixture.h2(ServerFixture.secured(), b -> { }, b -> { });
        admin = fixture.server.bootstrapToken().orElseThrow();
        browser = Browser.open(fixture.server.port());
    }

    @AfterEach
    void stop() {
        if (attacker != null) {
            attacker.stop(0);
        }
        if (browser != null) {
            browser.close();
        }
        fixture.close();
    }

    /** On a node started with {@code --no-auth} there is no session to end: no Log out button. */
    @Test
    void aServerWithoutLoginsOffersNoLogOut() {
        try (ServerFixture open = ServerFixture.h2(ServerFixture.config(), b -> { }, b -> { });
             Browser page = Browser.open(open.server.port())) {
            page.visit("/ui/#/queues");
            page.waitFor("data loaded", d -> "ok".equals(page.find(By.id("live")).getDomAttribute("data-state")));
            assertThat(page.find(By.id("logout")).isDisplayed()).as("the Log out button").isFalse();
        }
    }

    @Test
    void withoutASessionTheDashboardSendsYouToLogInAndBackToWhereYouWere() {
        browser.visit("/ui/#/queues");
        browser.waitFor("the login page", d -> d.getCurrentUrl().contains("/ui/login"));
        browser.find(By.id("token")).sendKeys("tock_not-a-real-token");
        browser.find(By.id("token")).submit();
        browser.withText(By.cssSelector("p.error"), "unknown, expired or revoked");

        browser.find(By.id("token")).sendKeys(admin);
        browser.find(By.id("token")).submit();
        browser.waitFor("the queues page", d -> d.getCurrentUrl().endsWith("/ui/#/queues"));
        browser.waitFor("data loaded", d -> "ok".equals(browser.find(By.id("live")).getDomAttribute("data-state")));
        browser.withText(By.id("logout"), "Log out bootstrap-admin");
        String cookies = (String) browser.script("return document.cookie");
        assertThat(cookies).as("the CSRF cookie is readable, the session cookie is not").contains("tock_csrf=").doesNotContain("tock_session");
        browser.screenshot("login-then-queues");
    }

    @Test
    void changesFromTheDashboardCarryTheCsrfTokenAndPassTheAudit() {
        fixture.http.as(admin).put("/v1/namespaces/default/queues/exports", "{}").expect(201);
        browser.login(admin);
        browser.open("#/queues");
        var row = browser.shown(By.cssSelector("tr[data-queue=exports]"));
        row.findElement(By.cssSelector("button")).click();
        browser.waitFor("the queue paused", d -> fixture.tock.queues().find("default", "exports").orElseThrow().paused());
        // The queue is paused when its row commits; the request's audit entry is queued as the response ends, a moment later.
        List<AuditEntry> entries = dev.tock.testing.Eventually.await(java.time.Duration.ofSeconds(10), "the pause's audit entry", () -> {
            fixture.server.flushAudit();
            return fixture.store.security().audit(AuditQuery.latest(5));
        }, es -> es.stream().anyMatch(e -> e.path().endsWith("/queues/exports/pause")));
        assertThat(entries).anyMatch(e -> e.path().endsWith("/queues/exports/pause") && e.status() == 200
                && e.tokenName().equals(java.util.Optional.of("bootstrap-admin")));
    }

    @Test
    void aPageOfAnotherOriginCannotMakeChangesWithTheSessionCookie() throws IOException {
        browser.login(admin);
        String target = "http://127.0.0.1:" + fixture.server.port() + "/v1/namespaces/default/jobs";
        // A classic CSRF: an auto-submitting form whose text/plain body is JSON, and a credentialed fetch.
        String page = """
                <!doctype html><html><body>
                <form id="f" method="POST" action="%s" enctype="text/plain">
                <input name='{"type": "evil.form", "x": "' value='"}'></form>
                <script>
                fetch('%s', {method: 'POST', credentials: 'include', mode: 'no-cors',
                    headers: {'Content-Type': 'text/plain'}, body: '{"type": "evil.fetch"}'})
                  .finally(() => document.getElementById('f').submit());
                </script></body></html>
                """.formatted(target, target);
        attacker = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        attacker.createContext("/", exchange -> {
            byte[] body = page.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        attacker.start();
        browser.visitUrl("http://127.0.0.1:" + attacker.getAddress().getPort() + "/");
        browser.waitFor("the form's answer", d -> d.getCurrentUrl().startsWith(target));
        assertThat(browser.find(By.tagName("body")).getText()).contains("403").contains("X-CSRF-Token");

        assertThat(fixture.store.jobs().countByState("default").values().stream().mapToLong(Long::longValue).sum())
                .as("no job was created").isZero();
        fixture.server.flushAudit();
        List<AuditEntry> refused = fixture.store.security().audit(AuditQuery.latest(10)).stream()
                .filter(e -> e.path().equals("/v1/namespaces/default/jobs")).toList();
        assertThat(refused).isNotEmpty().allMatch(e -> e.status() == 403);
    }

    @Test
    void loggingOutEndsTheSession() {
        browser.login(admin);
        browser.open("#/overview");
        browser.shown(By.id("logout")).click();
        browser.waitFor("the login page", d -> d.getCurrentUrl().contains("/ui/login"));
        browser.visit("/ui/#/jobs");
        browser.waitFor("back at the login page", d -> d.getCurrentUrl().contains("/ui/login"));
        assertThat(fixture.store.security().audit(AuditQuery.latest(50))).isNotNull();
    }

    @Test
    void theLoginPageShowsWhatItEchoesAsText() {
        String next = "/ui/\"><script>window.__xss='login'</script>";
        browser.visit("/ui/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8));
        browser.shown(By.id("token"));
        assertThat(browser.script("return window.__xss === undefined")).isEqualTo(true);
        browser.screenshot("login");
    }
}
