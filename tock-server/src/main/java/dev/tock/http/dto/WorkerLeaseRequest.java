package dev.tock.http.dto;

import java.util.List;

/**
 * An external worker asking for jobs of a queue, {@code POST /v1/namespaces/{ns}/queues/{queue}/lease}, or of
 * several queues, {@code POST /v1/namespaces/{ns}/lease}.
 *
 * @param worker the worker's name (required), unique among workers and nodes; it appears in {@code /v1/cluster}
 * @param max most jobs to lease, 1-1000 (default 1)
 * @param waitFor when no job is due, how long to wait for one, up to {@code 20s} (default {@code 0s}: answer at once)
 * @param leaseDuration how long the leases last without a heartbeat, {@code 1s}-{@code 1h} (default the server's lease-duration)
 * @param types only jobs of these types (default any type)
 * @param instance an id of this run of the worker (e.g. a UUID made at start): once it releases with
 *                 {@code stopping}, its lease requests return empty, even one still on its way
 * @param queues on {@code POST /v1/namespaces/{ns}/lease} only: the queues to lease from (required there)
 * @param weights on {@code POST /v1/namespaces/{ns}/lease} only: per-queue weights for sharing {@code max} (default 1)
 */
public record WorkerLeaseRequest(String worker, Integer max, String waitFor, String leaseDuration, List<String> types,
                                 String instance, List<String> queues, java.util.Map<String, Integer> weights) {
}
