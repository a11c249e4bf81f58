package dev.tock.http.dto;

import java.util.List;

/** Jobs enqueued in one transaction: all are stored, or none when any is invalid. */
public record JobBatchRequest(List<JobRequest> jobs) {
}
