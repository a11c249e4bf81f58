package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.security.Session;
import dev.tock.security.TokenSecrets;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Dashboard login with a token: the session and CSRF cookies, CSRF on every change, logout, expiry. */
class SessionTest extends SecuredApiTest {
    private static final String FORM = "application/x-www-form-urlencoded";

    /** The cookies of a login: name=value of the session and the CSRF cookie, and their Set-Cookie lines. */
    private record Login(String session, String csrf, List<String> setCookies) {
        Map<String, String> cookie() {
            return Map.of("Cookie", "tock_session=" + session + "; tock_csrf=" + csrf);
        }

        Map<String, String> cookieAndCsrf() {
            return Map.of("Cookie", "tock_session=" + session + "; tock_csrf=" + csrf, "X-CSRF-Token", csrf);
        }
    }

    private Login login(String secret) {
        var reply = http.send("POST", "/ui/login", "token=" + URLEncoder.encode(secret, StandardCharsets.UTF_8) + "&next=%2Fui%2Fjobs",
                Map.of("Content-Type", FORM));
        reply.expect(303);
        assertThat(reply.header("Location")).isEqualTo("/ui/jobs");
        List<String> cookies = reply.raw().headers().allValues("Set-Cookie");
        return new Login(value(cookies, "tock_session"), value(cookies, "tock_csrf"), cookies);
    }

    private static String value(List<String> cookies, String name) {
        return cookies.stream().filter(c -> c.startsWith(name + "=")).findFirst().orElseThrow()
                .substring(name.length() + 1).split(";")[0];
    }

    @Test
    void loginSetsAnHttpOnlyStrictSessionCookieAndAReadableCsrfCookie() {
        Login login = login(token("ops", "operator", "default"));
        String session = login.setCookies().stream().filter(c -> c.startsWith("tock_session=")).findFirst().orElseThrow();
        assertThat(session).contains("HttpOnly").contains("SameSite=Strict").contains("Path=/").contains("Max-Age=28800")
                .doesNotContain("Secure");
        String csrf = login.setCookies().stream().filter(c -> c.startsWith("tock_csrf=")).findFirst().orElseThrow();
        assertThat(csrf).contains("SameSite=Strict").doesNotContain("HttpOnly");
        assertThat(login.session()).hasSizeGreaterThan(40);
        assertThat(fixture.store.security().findSession(TokenSecrets.hash(login.session()))).as("stored hashed").isPresent();

        http.send("GET", NS + "/jobs", null, login.cookie()).expect(200);
        var who = http.send("GET", "/ui/session", null, login.cookie()).expect(200).json();
        assertThat(who.get("token").get("name").asText()).isEqualTo("ops");
        assertThat(who.get("csrfToken").asText()).isEqualTo(login.csrf());
    }

    @Test
    void everyChangeMadeWithTheCookieNeedsTheCsrfToken() {
        Login login = login(token("ops", "operator", "default"));
        String job = "{\"type\": \"t\"}";
        http.send("POST", NS + "/jobs", job, login.cookie()).expectProblem(403, null);
        http.send("POST", NS + "/jobs", job, Map.of("Cookie", "tock_session=" + login.session(), "X-CSRF-Token", "forged"))
                .expectProblem(403, null);
        http.send("POST", NS + "/jobs", job, Map.of("Cookie", "tock_session=" + login.session(), "X-CSRF-Token", login.csrf(),
                "Sec-Fetch-Site", "cross-site")).expectProblem(403, null);
        http.send("POST", NS + "/jobs", job, login.cookieAndCsrf()).expect(201);
        http.send("POST", "/ui/logout", null, login.cookie()).expectProblem(403, null);
        assertThat(fixture.store.security().audit(dev.tock.security.AuditQuery.latest(1))).isNotNull();
    }

    @Test
    void logoutEndsTheSessionAndClearsTheCookies() {
        Login login = login(token("viewer", "viewer", "default"));
        var out = http.send("POST", "/ui/logout", null, login.cookieAndCsrf()).expect(303);
        assertThat(out.header("Location")).isEqualTo("/ui/login");
        assertThat(out.raw().headers().allValues("Set-Cookie")).anyMatch(c -> c.startsWith("tock_session=;") && c.contains("Max-Age=0"));
        http.send("GET", NS + "/jobs", null, login.cookie()).expectProblem(401, null);
    }

    @Test
    void aSessionEndsWhenItExpiresOrItsTokenIsRevoked() {
        String secret = token("viewer", "viewer", "default");
        Login login = login(secret);
        admin.post("/v1/tokens/viewer/revoke", null).expect(200);
        http.send("GET", NS + "/jobs", null, login.cookie()).expectProblem(401, null);

        var tokenId = fixture.store.security().findTokenByName("bootstrap-admin").orElseThrow().id();
        var now = fixture.store.now();
        fixture.store.security().createSession(new Session(TokenSecrets.hash("expired-session"), tokenId, "c", now.minusSeconds(7200),
                now.minusSeconds(1)));
        http.send("GET", NS + "/jobs", null, Map.of("Cookie", "tock_session=expired-session")).expectProblem(401, null);
    }

    @Test
    void aWrongTokenShowsTheFormAgainAndJsonLoginsWorkToo() {
        var wrong = http.send("POST", "/ui/login", "token=tock_wrong", Map.of("Content-Type", FORM)).expect(401);
        assertThat(wrong.raw().body()).contains("unknown, expired or revoked").contains("<form");
        assertThat(wrong.raw().headers().allValues("Set-Cookie")).isEmpty();
        var json = http.post("/ui/login", "{\"token\": \"" + adminSecret + "\"}").expect(200);
        assertThat(json.json().get("csrfToken").asText()).isNotBlank();
        assertThat(json.raw().headers().allValues("Set-Cookie")).hasSize(2);
        http.post("/ui/login", "{\"token\": \"tock_wrong\"}").expectProblem(401, null);
        http.send("POST", "/ui/login", "token=" + adminSecret, Map.of("Content-Type", FORM, "Sec-Fetch-Site", "cross-site"))
                .expectProblem(403, null);
    }

    @Test
    void theLoginPageIsStrictAndShowsWhatItEchoesAsText() {
        var page = http.get("/ui/login?next=" + URLEncoder.encode("/ui/\"><script>alert(1)</script>", StandardCharsets.UTF_8)).expect(200);
        assertThat(page.contentType()).startsWith("text/html");
        assertThat(page.header("Content-Security-Policy")).contains("default-src 'none'").contains("frame-ancestors 'none'");
        assertThat(page.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(page.raw().body()).doesNotContain("<script>").contains("&lt;script&gt;");
        assertThat(LoginRoutes.safeNext("//evil.example/ui")).isEqualTo("/ui/");
        assertThat(LoginRoutes.safeNext("https://evil.example/")).isEqualTo("/ui/");
        assertThat(LoginRoutes.safeNext("/ui/jobs?state=dead")).isEqualTo("/ui/jobs?state=dead");
        var redirect = http.send("POST", "/ui/login", "token=" + adminSecret + "&next=https%3A%2F%2Fevil.example", Map.of("Content-Type", FORM));
        assertThat(redirect.header("Location")).isEqualTo("/ui/");
    }
}
