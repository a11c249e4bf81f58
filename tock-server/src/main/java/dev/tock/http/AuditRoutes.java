package dev.tock.http;

import dev.tock.http.dto.AuditPage;
import dev.tock.http.dto.AuditView;
import dev.tock.http.dto.Fields;
import dev.tock.http.wire.ApiProblem;
import dev.tock.model.Names;
import dev.tock.security.AuditEntry;
import dev.tock.security.AuditQuery;
import dev.tock.service.Security;
import java.util.List;
import java.util.Optional;

/** {@code GET /v1/audit}: the audit log of every mutation, newest first. Cluster admins only. */
final class AuditRoutes {
    private final Security audit;
    private final ServerSecurity security;

    AuditRoutes(Security audit, ServerSecurity security) {
        this.audit = audit;
        this.security = security;
    }

    List<Route> routes() {
        return List.of(Route.get(ApiContext.V1 + "/audit", "listAudit").tag("audit").access(Access.ADMIN).returns(AuditPage.class)
                .summary("The audit log: every change made through the API, who made it, when, from where, and its status")
                .query("namespace", "string", "only changes in this namespace")
                .query("token", "string", "only changes made with this token (id or name)")
                .query("from", "string", "only entries at or after this time (RFC 3339)")
                .query("before", "string", "only entries before this time (RFC 3339)")
                .query("limit", "integer", "page size, 1-" + AuditQuery.MAX_LIMIT + " (default " + AuditQuery.DEFAULT_LIMIT + ")")
                .query("cursor", "string", "nextCursor of the previous page")
                .handler(this::list));
    }

    private ApiResponse list(ApiRequest request) {
        int limit = request.intQuery("limit", AuditQuery.DEFAULT_LIMIT, 1, AuditQuery.MAX_LIMIT);
        Optional<Long> cursor = request.query("cursor").map(AuditRoutes::cursor);
        request.query("namespace").ifPresent(ns -> Names.requireResourceName("namespace", ns));
        request.query("token").filter(t -> !t.matches("[A-Za-z0-9_-]{1,64}")).ifPresent(t -> {
            throw ApiProblem.invalidField("token", "token: not a token id or name: \"" + t + "\"");
        });
        AuditQuery query = new AuditQuery(request.query("namespace"), request.query("token"),
                request.query("from").map(t -> Fields.instant("from", t)), request.query("before").map(t -> Fields.instant("before", t)),
                limit, cursor);
        security.audit().flush();
        List<AuditEntry> entries = audit.audit(query);
        String next = entries.size() == limit ? Long.toString(entries.get(entries.size() - 1).id()) : null;
        return ApiResponse.ok(new AuditPage(entries.stream().map(AuditView::of).toList(), next));
    }

    private static long cursor(String text) {
        try {
            long id = Long.parseLong(text.trim());
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiProblem.invalidField("cursor", "cursor: not a cursor of this listing: \"" + text + "\"");
    }
}
