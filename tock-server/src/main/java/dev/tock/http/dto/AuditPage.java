package dev.tock.http.dto;

import java.util.List;

/** One page of the audit log, newest first; pass {@code nextCursor} as {@code cursor} for older entries. */
public record AuditPage(List<AuditView> entries, String nextCursor) {
}
