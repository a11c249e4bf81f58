package dev.tock.model;

import dev.tock.TockException;

/** The job id names no stored job. */
public class JobNotFoundException extends TockException {
    private final JobId id;

    public JobNotFoundException(JobId id) {
        super("job " + id + " not found");
        this.id = id;
    }

    public JobId id() {
        return id;
    }
}
