package dev.tock.http;

import dev.tock.http.dto.LoginRequest;
import dev.tock.http.dto.SessionView;
import dev.tock.http.dto.TokenView;
import dev.tock.http.security.Authenticator;
import dev.tock.http.security.Caller;
import dev.tock.http.wire.ApiProblem;
import dev.tock.security.AuditEntry;
import dev.tock.service.Security;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's login with an API token: {@code /ui/login} (a form, and the POST that opens a
 * session), {@code /ui/session} (who is logged in, and the CSRF token) and {@code /ui/logout}. The
 * session id travels in an HttpOnly, SameSite=Strict cookie (Secure over TLS); the CSRF token in a
 * cookie the dashboard's script reads and sends back as {@code X-CSRF-Token} on every change.
 */
final class LoginRoutes {
    static final String LOGIN = "/ui/login";
    /** The paths under /ui that are routes of the API, not files of the dashboard. */
    static final java.util.Set<String> PATHS = java.util.Set.of(LOGIN, "/ui/session", "/ui/logout");
    private static final String HOME = "/ui/";
    private static final String HTML = "text/html; charset=utf-8";
    /** The login page runs no script and loads nothing; styles are inline. */
    private static final String PAGE_POLICY = "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
            + "frame-ancestors 'none'; base-uri 'none'";
    private final Security sessions;
    private final ServerSecurity security;

    LoginRoutes(Security sessions, ServerSecurity security) {
        this.sessions = sessions;
        this.security = security;
    }

    List<Route> routes() {
        return List.of(
                Route.get(LOGIN, "loginPage").tag("dashboard").access(Access.PUBLIC)
                        .summary("The dashboard's login form (HTML)").handler(this::page),
                Route.post(LOGIN, "login").tag("dashboard").access(Access.PUBLIC).body(LoginRequest.class).returns(SessionView.class)
                        .summary("Log in with an API token (form or JSON): sets the session and CSRF cookies").handler(this::login),
                Route.get("/ui/session", "getSession").tag("dashboard").access(Access.AUTHENTICATED).returns(SessionView.class)
                        .summary("Who the dashboard is logged in as, and the CSRF token for X-CSRF-Token").handler(this::session),
                Route.post("/ui/logout", "logout").tag("dashboard").access(Access.AUTHENTICATED)
                        .summary("End the dashboard session and clear its cookies").handler(this::logout));
    }

    private ApiResponse page(ApiRequest request) {
        if (!security.auth()) {
            return redirect(HOME);
        }
        return html(200, form(request.query("next").map(LoginRoutes::safeNext).orElse(HOME), Optional.empty()));
    }

    private ApiResponse login(ApiRequest request) {
        boolean form = request.header("Content-Type").map(t -> t.startsWith("application/x-www-form-urlencoded")).orElse(false);
        if (request.header("Sec-Fetch-Site").map(v -> v.equalsIgnoreCase("cross-site")).orElse(false)) {
            throw ApiProblem.forbidden("log in from Tock's own login page");
        }
        Map<String, String> fields = form ? formFields(request.bodyText()) : json(request.body(LoginRequest.class));
        String next = safeNext(fields.getOrDefault("next", HOME));
        if (!security.auth()) {
            return form ? redirect(next) : ApiResponse.ok(new SessionView(false, null, null, null));
        }
        String secret = fields.getOrDefault("token", "").trim();
        Optional<Caller> caller = secret.isEmpty() ? Optional.empty() : security.authenticator().bearer(secret);
        if (caller.isEmpty()) {
            if (form) {
                return html(401, form(next, Optional.of("That token is unknown, expired or revoked.")));
            }
            throw ApiProblem.unauthenticated("the token is unknown, expired or revoked", true);
        }
        Authenticator.Opened opened = security.authenticator().openSession(caller.get().token(), security.config().sessionTtl());
        security.audit().record(new AuditEntry(0, Instant.EPOCH, Optional.of(caller.get().token().id()),
                Optional.of(caller.get().token().name()), "POST", "POST " + LOGIN, request.path(), Optional.empty(),
                Optional.of("sessions"), 200, request.client().address()));
        boolean secure = request.client().secure();
        ApiResponse answer = form ? redirect(next)
                : ApiResponse.ok(view(caller.get(), opened.session().csrfToken(), opened.session().expiresAt()));
        return answer.withCookie(Cookies.set(Cookies.SESSION, opened.id(), security.config().sessionTtl(), true, secure))
                .withCookie(Cookies.set(Cookies.CSRF, opened.session().csrfToken(), security.config().sessionTtl(), false, secure));
    }

    private ApiResponse session(ApiRequest request) {
        if (!security.auth()) {
            return ApiResponse.ok(new SessionView(false, null, null, null));
        }
        Caller caller = (Caller) request.principal().orElseThrow();
        return ApiResponse.ok(view(caller, caller.session().map(s -> s.csrfToken()).orElse(null),
                caller.session().map(s -> s.expiresAt()).orElse(null)));
    }

    private ApiResponse logout(ApiRequest request) {
        request.principal().filter(Caller.class::isInstance).map(Caller.class::cast)
                .flatMap(Caller::session).ifPresent(security.authenticator()::endSession);
        boolean secure = request.client().secure();
        return redirect(LOGIN).withCookie(Cookies.clear(Cookies.SESSION, true, secure)).withCookie(Cookies.clear(Cookies.CSRF, false, secure));
    }

    private SessionView view(Caller caller, String csrf, Instant expires) {
        return new SessionView(true, TokenView.of(caller.token(), sessions.now()), csrf,
                expires == null ? null : expires.toString());
    }

    /** Only a path under /ui; anything else (another site, //host) goes home. */
    static String safeNext(String next) {
        return next != null && next.startsWith("/ui") && !next.startsWith("//") && !next.contains("\\")
                && next.chars().allMatch(c -> c > 0x20 && c < 0x7f) ? next : HOME;
    }

    private static Map<String, String> formFields(String body) {
        Map<String, String> fields = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                try {
                    fields.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                } catch (IllegalArgumentException e) {
                    throw ApiProblem.malformed("the form is not correctly percent-encoded");
                }
            }
        }
        return fields;
    }

    private static Map<String, String> json(LoginRequest body) {
        Map<String, String> fields = new HashMap<>();
        if (body.token() != null) {
            fields.put("token", body.token());
        }
        if (body.next() != null) {
            fields.put("next", body.next());
        }
        return fields;
    }

    private static ApiResponse redirect(String location) {
        return new ApiResponse(303, null, ApiResponse.JSON, Map.of("Location", location, "Cache-Control", "no-store"));
    }

    private static ApiResponse html(int status, String page) {
        return new ApiResponse(status, new ApiResponse.Text(page), HTML, Map.of("Content-Security-Policy", PAGE_POLICY,
                "Cache-Control", "no-store", "Referrer-Policy", "no-referrer"));
    }

    private static String form(String next, Optional<String> error) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8"><title>Tock · log in</title>
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:4rem auto;padding:0 1rem;color:#222}
                label,input,button{display:block;width:100%%;box-sizing:border-box}input{padding:.5rem;margin:.3rem 0 1rem;font-family:monospace}
                button{padding:.6rem;cursor:pointer}.error{color:#b00020}</style></head>
                <body><h1>Tock</h1>%s
                <form method="post" action="/ui/login">
                <label for="token">API token</label>
                <input id="token" name="token" type="password" autocomplete="off" required autofocus>
                <input type="hidden" name="next" value="%s">
                <button type="submit">Log in</button></form>
                <p>Create a token with <code>tock tokens create NAME --role viewer --namespace '*'</code>.</p>
                </body></html>
                """.formatted(error.map(e -> "<p class=\"error\" role=\"alert\">" + escape(e) + "</p>").orElse(""), escape(next));
    }

    /** HTML text escaping: what a page shows of a request is text, never markup. */
    static String escape(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
