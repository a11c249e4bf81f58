package dev.tock.engine;

import dev.tock.model.DueKeys;
import dev.tock.model.Job;
import dev.tock.model.JobState;
import dev.tock.model.KeySharing;
import dev.tock.model.KeyUsage;
import dev.tock.model.Queue;
import dev.tock.model.Rate;
import dev.tock.model.Waiting;
import dev.tock.model.Waiting.Reason;
import dev.tock.store.Store;
import java.time.Instant;
import java.util.Optional;

/**
 * Tells why a job is not running, checking what leasing checks in the same order: its time, the
 * queue's pause and limit, its key's limit, the rate limits, and whether any live node or worker runs
 * it. Reads only; a moment later the answer may differ.
 */
final class WaitExplainer {
    /** How many due jobs of other keys the fairness explanation reads at most to count their keys. */
    private static final int FAIR_TURN_SCAN = 10_000;
    private final Store store;

    WaitExplainer(Store store) {
        this.store = store;
    }

    /** Why the job waits, with the note of a key template whose field was missing; empty when it runs or has finished. */
    Optional<Waiting> explain(Job job) {
        return reason(job).map(w -> withKeyNote(w, job));
    }

    private Optional<Waiting> reason(Job job) {
        Instant now = store.now();
        JobState state = job.state();
        if (state != JobState.SCHEDULED && state != JobState.READY && state != JobState.FAILED) {
            return Optional.empty();
        }
        if (job.runAt().isAfter(now)) {
            if (state == JobState.FAILED || job.attemptsSinceRetry() > 0) {
                return Optional.of(Waiting.until(Reason.RETRY_BACKOFF, "waiting on a retry backoff until " + job.runAt()
                        + " (attempt " + job.attempts() + " failed" + job.lastError().map(e -> ": " + firstLine(e)).orElse("") + ")",
                        job.runAt()));
            }
            return Optional.of(Waiting.until(Reason.SCHEDULED, "scheduled for later: due at " + job.runAt(), job.runAt()));
        }
        return Optional.of(due(job).orElseGet(() -> Waiting.of(Reason.DUE,
                "due and free to run: waiting for a node or worker to lease it")));
    }

    private Optional<Waiting> due(Job job) {
        Queue queue = store.queues().find(job.namespace(), job.queue()).orElse(Queue.of(job.namespace(), job.queue()));
        String q = "queue " + job.queue();
        if (queue.paused()) {
            return Optional.of(Waiting.of(Reason.QUEUE_PAUSED, q + " is paused"));
        }
        String key = job.concurrencyKey().key();
        KeyUsage usage = store.queues().usage(job.namespace(), job.queue(), key);
        if (queue.maxRunning().isPresent() && usage.runningInQueue() >= queue.maxRunning().getAsInt()) {
            return Optional.of(Waiting.of(Reason.QUEUE_AT_MAX_RUNNING, q + " is at maxRunning (" + usage.runningInQueue() + " of "
                    + queue.maxRunning().getAsInt() + " running)"));
        }
        KeySharing sharing = queue.sharing();
        if (sharing.limitOf(key).isPresent() && usage.runningForKey() >= sharing.limitOf(key).getAsInt()) {
            return Optional.of(Waiting.of(Reason.KEY_AT_LIMIT, "key \"" + key + "\" is at its limit in " + q + " ("
                    + usage.runningForKey() + " of " + sharing.limitOf(key).getAsInt() + " running)"));
        }
        if (sharing.rateLimit().isPresent()) {
            Optional<Waiting> limited = rateLimited(sharing.rateLimit().get(), usage.queueRateTat(), usage.now(), q + "'s rate limit");
            if (limited.isPresent()) {
                return limited;
            }
        }
        if (sharing.perKeyRate().isPresent()) {
            Optional<Waiting> limited = rateLimited(sharing.perKeyRate().get(), usage.keyRateTat(), usage.now(),
                    "the rate limit of key \"" + key + "\" in " + q);
            if (limited.isPresent()) {
                return limited;
            }
        }
        Optional<Waiting> notHandled = notHandled(job);
        return notHandled.isPresent() ? notHandled : fairTurn(job, sharing, key, q);
    }

    /** A due job of a fair queue waits its key's turn while other keys have due jobs too. */
    private Optional<Waiting> fairTurn(Job job, KeySharing sharing, String key, String q) {
        if (sharing.fairness().isEmpty()) {
            return Optional.empty();
        }
        DueKeys others = store.queues().otherKeysDue(job.namespace(), job.queue(), key, FAIR_TURN_SCAN);
        if (others.keys() == 0) {
            return Optional.empty();
        }
        return Optional.of(Waiting.of(Reason.FAIR_TURN, q + " takes due jobs from its keys in turn: key \"" + key + "\" (weight "
                + sharing.fairness().get().weightOf(key) + ") shares the free slots with " + (others.partial() ? "at least " : "")
                + others.keys() + " other key" + (others.keys() == 1 ? "" : "s") + " with due jobs"));
    }

    private static Optional<Waiting> rateLimited(Rate rate, Optional<Instant> tat, Instant now, String what) {
        Instant next = rate.nextSlot(tat, now);
        if (!next.isAfter(now)) {
            return Optional.empty();
        }
        return Optional.of(Waiting.until(Reason.RATE_LIMIT, what + " (" + rate.text() + ", burst " + rate.burst()
                + "): next slot at " + next, next));
    }

    private Optional<Waiting> notHandled(Job job) {
        Optional<String> executor = job.executor().map(e -> e.kind());
        if (LiveHandlers.of(store.cluster().nodes()).handles(job.namespace(), job.queue(), job.type(), executor)) {
            return Optional.empty();
        }
        return Optional.of(Waiting.of(Reason.NOT_HANDLED, executor.isPresent()
                ? "no live node enables the " + executor.get() + " executor"
                : "no live node has a handler for type " + job.type() + " and no worker leased from queue " + job.queue()
                        + " in the last minute"));
    }

    private static Waiting withKeyNote(Waiting waiting, Job job) {
        return job.concurrencyKey().note()
                .map(note -> new Waiting(waiting.reason(), waiting.detail() + "; " + note, waiting.until()))
                .orElse(waiting);
    }

    private static String firstLine(String text) {
        int end = text.indexOf('\n');
        return end < 0 ? text : text.substring(0, end);
    }
}
