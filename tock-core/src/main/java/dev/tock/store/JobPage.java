package dev.tock.store;

import dev.tock.model.Job;
import java.util.List;
import java.util.Optional;

/**
 * One page of jobs, newest first.
 *
 * @param nextCursor where the next page starts ({@link JobQuery#withCursor}); empty on the last page
 */
public record JobPage(List<Job> jobs, Optional<String> nextCursor) {

    public JobPage {
        jobs = List.copyOf(jobs);
        nextCursor = nextCursor == null ? Optional.empty() : nextCursor;
    }
}
