package dev.tock.http;

import dev.tock.http.dto.Fields;
import dev.tock.http.dto.TokenCreated;
import dev.tock.http.dto.TokenList;
import dev.tock.http.dto.TokenRequest;
import dev.tock.http.dto.TokenView;
import dev.tock.http.security.Caller;
import dev.tock.http.wire.ApiProblem;
import dev.tock.model.Names;
import dev.tock.security.ApiToken;
import dev.tock.security.Role;
import dev.tock.security.TokenSecrets;
import dev.tock.service.Security;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** {@code /v1/tokens}: create (the secret is in the answer, once), list, look up and revoke API tokens. Cluster admins only. */
final class TokenRoutes {
    static final String TOKENS = ApiContext.V1 + "/tokens";
    private static final String TOKEN = TOKENS + "/{id}";
    private static final Duration MAX_LIFETIME = Duration.ofDays(3650);
    private final Security tokens;
    private final ServerSecurity security;

    TokenRoutes(Security tokens, ServerSecurity security) {
        this.tokens = tokens;
        this.security = security;
    }

    List<Route> routes() {
        return List.of(
                Route.get(TOKENS, "listTokens").tag("tokens").access(Access.ADMIN).returns(TokenList.class)
                        .summary("Every API token, revoked ones included (never their secrets)").handler(this::list),
                Route.post(TOKENS, "createToken").tag("tokens").access(Access.ADMIN).body(TokenRequest.class)
                        .returns(TokenCreated.class).status(201)
                        .summary("Create a token; its secret is in this answer only").handler(this::create),
                Route.get(TOKEN, "getToken").tag("tokens").access(Access.ADMIN).returns(TokenView.class)
                        .summary("Get a token by id or name").handler(this::get),
                Route.post(TOKEN + "/revoke", "revokeToken").tag("tokens").access(Access.ADMIN).returns(TokenView.class)
                        .summary("Revoke a token (by id or name): it and its dashboard sessions stop working at once on this node, "
                                + "within seconds on the others").handler(this::revoke));
    }

    private ApiResponse list(ApiRequest request) {
        Instant now = tokens.now();
        return ApiResponse.ok(new TokenList(tokens.tokens().stream().map(t -> TokenView.of(t, now)).toList()));
    }

    private ApiResponse create(ApiRequest request) {
        TokenRequest body = request.body(TokenRequest.class);
        Names.requireResourceName("name", body.name());
        if (body.role() == null) {
            throw ApiProblem.invalidField("role", "role: is required (admin, operator, viewer or worker)");
        }
        Role role;
        try {
            role = Role.fromWireName(body.role());
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField("role", "role: " + e.getMessage());
        }
        if (body.namespaces() == null || body.namespaces().isEmpty()) {
            throw ApiProblem.invalidField("namespaces", "namespaces: name at least one namespace, or [\"*\"] for all");
        }
        if (body.queues() != null && !body.queues().isEmpty() && role != Role.WORKER) {
            throw ApiProblem.invalidField("queues", "queues: only worker tokens are limited to queues");
        }
        Instant now = tokens.now();
        Optional<Instant> expires = expiry(body, now);
        String createdBy = request.principal().map(p -> p instanceof Caller c ? c.token().name() : p.getName()).orElse("anonymous");
        ApiToken token = new ApiToken(TokenSecrets.newId(), body.name(), role, scope(body.namespaces(), "namespaces"),
                body.queues() == null ? Set.of() : scope(body.queues(), "queues"), now, createdBy, expires, Optional.empty());
        String secret = tokens.createToken(token);
        return ApiResponse.created(new TokenCreated(TokenView.of(token, now), secret), TOKENS + "/" + token.id());
    }

    private static Set<String> scope(List<String> names, String field) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i) == null) {
                throw ApiProblem.invalidField(field + "[" + i + "]", field + "[" + i + "]: must be a name, was null");
            }
        }
        return new LinkedHashSet<>(names);
    }

    private static Optional<Instant> expiry(TokenRequest body, Instant now) {
        if (body.expiresAt() != null && body.expiresIn() != null) {
            throw ApiProblem.invalidField("expiresIn", "expiresIn: give expiresAt or expiresIn, not both");
        }
        Instant at = body.expiresAt() != null ? Fields.instant("expiresAt", body.expiresAt())
                : body.expiresIn() != null ? lifetime(Fields.duration("expiresIn", body.expiresIn()), now) : null;
        if (at == null) {
            return Optional.empty();
        }
        String field = body.expiresAt() != null ? "expiresAt" : "expiresIn";
        if (!at.isAfter(now) || at.isAfter(now.plus(MAX_LIFETIME))) {
            throw ApiProblem.invalidField(field, field + ": the token must expire in the future, within " + MAX_LIFETIME.toDays() + " days");
        }
        return Optional.of(at);
    }

    private static Instant lifetime(Duration d, Instant now) {
        if (d.isNegative() || d.isZero() || d.compareTo(MAX_LIFETIME) > 0) {
            throw ApiProblem.invalidField("expiresIn", "expiresIn: must be positive and at most " + MAX_LIFETIME.toDays() + "d");
        }
        return now.plus(d);
    }

    private ApiResponse get(ApiRequest request) {
        return ApiResponse.ok(TokenView.of(existing(request), tokens.now()));
    }

    private ApiResponse revoke(ApiRequest request) {
        ApiToken revoked = tokens.revokeToken(existing(request).id());
        security.authenticator().forgetToken(revoked.id());
        return ApiResponse.ok(TokenView.of(revoked, tokens.now()));
    }

    private ApiToken existing(ApiRequest request) {
        String key = request.pathParam("id");
        return tokens.findToken(key).orElseThrow(() -> ApiProblem.notFound("token " + key + " not found"));
    }
}
