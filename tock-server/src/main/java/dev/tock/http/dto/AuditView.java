package dev.tock.http.dto;

import dev.tock.security.AuditEntry;

/** One audit log entry: who, what, when, from where, and the answer's status. */
public record AuditView(long id, String at, String tokenId, String tokenName, String method, String route, String path,
                        String namespace, String resource, int status, String address) {

    public static AuditView of(AuditEntry e) {
        return new AuditView(e.id(), e.at().toString(), e.tokenId().orElse(null), e.tokenName().orElse(null), e.method(), e.route(),
                e.path(), e.namespace().orElse(null), e.resource().orElse(null), e.status(), e.address());
    }
}
