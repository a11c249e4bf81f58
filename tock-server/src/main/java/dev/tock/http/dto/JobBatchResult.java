package dev.tock.http.dto;

import java.util.List;

/** What a batch enqueue did, in request order. */
public record JobBatchResult(List<Item> jobs) {

    /** @param created false when the idempotency key matched an existing job, whose id this is */
    public record Item(String id, boolean created) {
    }
}
