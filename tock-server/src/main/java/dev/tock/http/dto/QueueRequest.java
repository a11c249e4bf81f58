package dev.tock.http.dto;

/**
 * A queue's settings, as put to {@code /v1/namespaces/{ns}/queues/{queue}}.
 *
 * @param maxRunning how many of its jobs may run at once across the cluster; absent for no limit
 * @param paused a paused queue's jobs wait; absent keeps the current state (new queues run)
 */
public record QueueRequest(Integer maxRunning, Boolean paused) {
}
