package dev.tock.model;

import java.util.List;
import java.util.Optional;

/**
 * One page of jobs, newest first. A filtered listing reads a bounded number of jobs per page, so a page
 * may hold fewer jobs than asked for, even none, and still have a next cursor: the filter matched few
 * of the jobs read, and the search goes on from there.
 *
 * @param nextCursor where the next page starts ({@link JobQuery#withCursor}); empty on the last page
 */
public record JobPage(List<Job> jobs, Optional<String> nextCursor) {

    public JobPage {
        jobs = List.copyOf(jobs);
        nextCursor = nextCursor == null ? Optional.empty() : nextCursor;
    }
}
