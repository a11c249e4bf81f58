package dev.tock.http.dto;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A worker's word on one leased job: {@code POST .../jobs/{id}/heartbeat}, {@code .../complete} or
 * {@code .../fail}, and an item of {@code POST .../workers/{worker}/results} (which also names the job).
 *
 * @param id the job (in a batch of results only)
 * @param worker the worker holding the lease (single-job routes; the batch route names it in its path)
 * @param leaseToken the token the job was leased with (required)
 * @param outcome in a batch of results: {@code succeeded} or {@code failed}
 * @param output text kept with the attempt (its tail)
 * @param result any JSON value kept with the attempt, after the output
 * @param error why the attempt failed
 * @param retryable whether the job may be tried again, per its retry policy (default true)
 * @param retryAfter the least wait before that, e.g. {@code 30s}
 * @param leaseDuration for heartbeats: the new lease length from now (default the server's lease-duration)
 */
public record LeaseReport(String id, String worker, String leaseToken, String outcome, String output, JsonNode result,
                          String error, Boolean retryable, String retryAfter, String leaseDuration) {
}
