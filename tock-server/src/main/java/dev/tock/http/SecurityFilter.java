package dev.tock.http;

import dev.tock.http.security.AuditLog;
import dev.tock.http.security.Authenticator;
import dev.tock.http.security.Caller;
import dev.tock.http.security.RateLimiter;
import dev.tock.http.wire.ApiProblem;
import dev.tock.security.AuditEntry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The first filter of the chain: authenticates the caller (bearer token, else the dashboard session
 * cookie), applies the per-token rate limit, requires the CSRF token on mutations made with the
 * cookie, and writes every mutation to the audit log with its outcome. Whether the caller may run the
 * route is the {@link AccessPolicy}'s decision, the next filter, whose refusals are audited too.
 */
final class SecurityFilter implements RequestFilter {
    private static final String BEARER = "bearer ";
    private final boolean auth;
    private final Authenticator authenticator;
    private final RateLimiter limiter;
    private final AuditLog audit;

    SecurityFilter(boolean auth, Authenticator authenticator, RateLimiter limiter, AuditLog audit) {
        this.auth = auth;
        this.authenticator = authenticator;
        this.limiter = limiter;
        this.audit = audit;
    }

    @Override
    public ApiResponse filter(ApiRequest request, Chain next) throws Exception {
        if (request.route().access() == Access.PUBLIC) {
            return next.proceed(request);
        }
        Optional<Caller> caller = auth ? Optional.of(authenticate(request)) : Optional.empty();
        ApiRequest identified = caller.map(request::withPrincipal).orElse(request);
        if (caller.isPresent()) {
            OptionalLong wait = limiter.acquire(caller.get().token().id());
            if (wait.isPresent()) {
                throw ApiProblem.tooManyRequests("token " + caller.get().token().name() + " is over its rate limit (rate-limit); "
                        + "try again in " + wait.getAsLong() + " s", wait.getAsLong());
            }
        }
        if (request.route().method() == HttpMethod.GET) {
            return next.proceed(identified);
        }
        return audited(identified, caller, next);
    }

    private ApiResponse audited(ApiRequest request, Optional<Caller> caller, Chain next) throws Exception {
        int status = 500;
        Optional<String> location = Optional.empty();
        try {
            caller.filter(Caller::viaSession).ifPresent(c -> requireCsrf(request, c));
            ApiResponse response = next.proceed(request);
            status = response.status();
            location = Optional.ofNullable(response.headers().get("Location"));
            return response;
        } catch (Throwable t) {
            status = ProblemMapper.problemOf(t).status();
            throw t;
        } finally {
            audit.record(entry(request, caller, status, location));
        }
    }

    private Caller authenticate(ApiRequest request) {
        Optional<String> authorization = request.header("Authorization");
        if (authorization.isPresent()) {
            String value = authorization.get().trim();
            if (!value.toLowerCase(Locale.ROOT).startsWith(BEARER) || value.length() == BEARER.length()) {
                throw ApiProblem.unauthenticated("the Authorization header must be \"Bearer <token>\"", true);
            }
            return authenticator.bearer(value.substring(BEARER.length()).trim())
                    .orElseThrow(() -> ApiProblem.unauthenticated("the token is unknown, expired or revoked", true));
        }
        Optional<String> session = Cookies.read(request, Cookies.SESSION);
        if (session.isPresent()) {
            return authenticator.session(session.get())
                    .orElseThrow(() -> ApiProblem.unauthenticated("the session has ended; log in again at /ui/login", true));
        }
        throw ApiProblem.unauthenticated("this route needs a token: send Authorization: Bearer <token>", false);
    }

    /** A mutation made with the session cookie must repeat the session's CSRF token in a header. */
    private static void requireCsrf(ApiRequest request, Caller caller) {
        String expected = caller.session().orElseThrow().csrfToken();
        String given = request.header(Cookies.CSRF_HEADER).orElse("");
        boolean crossSite = request.header("Sec-Fetch-Site").map(v -> v.equalsIgnoreCase("cross-site")).orElse(false);
        if (crossSite || !MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8))) {
            throw ApiProblem.forbidden("a change made with the dashboard's session cookie needs the " + Cookies.CSRF_HEADER
                    + " header with the session's CSRF token (cookie " + Cookies.CSRF + ")");
        }
    }

    private static AuditEntry entry(ApiRequest request, Optional<Caller> caller, int status, Optional<String> location) {
        Route route = request.route();
        return new AuditEntry(0, Instant.EPOCH, caller.map(c -> c.token().id()), caller.map(c -> c.token().name()),
                route.method().name(), route.method().name() + " " + route.path().text(), request.path(), request.namespace(),
                resource(location.orElse(request.path())), status, request.client().address());
    }

    /** {@code /v1/namespaces/default/jobs/ID/cancel} → {@code jobs/ID}; {@code /v1/tokens/ID} → {@code tokens/ID}. */
    static Optional<String> resource(String path) {
        String rest = path.replaceFirst("^/v1/namespaces/[^/]+/", "").replaceFirst("^/v1/", "").replaceFirst("^/", "");
        String[] parts = rest.split("/");
        if (parts.length == 0 || parts[0].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parts.length == 1 ? parts[0] : parts[0] + "/" + parts[1]);
    }
}
