package dev.tock.http.dto;

import java.util.List;

/** Results of several leased jobs: {@code POST .../workers/{worker}/results}. */
public record WorkerResults(List<LeaseReport> results) {
}
