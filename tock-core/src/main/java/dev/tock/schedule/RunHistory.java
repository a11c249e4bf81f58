package dev.tock.schedule;

import dev.tock.model.InvalidJobException;
import java.util.OptionalInt;

/**
 * How much of a schedule's past is kept, as Kubernetes CronJobs do: finished runs beyond the limits are
 * deleted (the fire records stay), and a schedule whose last {@code suspendAfterFailures} runs all
 * failed is suspended.
 *
 * @param successfulJobsHistoryLimit succeeded runs kept
 * @param failedJobsHistoryLimit failed (dead) or cancelled runs kept
 */
public record RunHistory(int successfulJobsHistoryLimit, int failedJobsHistoryLimit, OptionalInt suspendAfterFailures) {

    public static final RunHistory DEFAULT = new RunHistory(3, 1, OptionalInt.empty());
    public static final int MAX_LIMIT = 10_000;

    public RunHistory {
        requireRange("successfulJobsHistoryLimit", successfulJobsHistoryLimit, 0);
        requireRange("failedJobsHistoryLimit", failedJobsHistoryLimit, 0);
        suspendAfterFailures = suspendAfterFailures == null ? OptionalInt.empty() : suspendAfterFailures;
        if (suspendAfterFailures.isPresent()) {
            requireRange("suspendAfterFailures", suspendAfterFailures.getAsInt(), 1);
        }
    }

    private static void requireRange(String field, int value, int min) {
        if (value < min || value > MAX_LIMIT) {
            throw new InvalidJobException(field, "must be between " + min + " and " + MAX_LIMIT + ", was " + value);
        }
    }
}
