package dev.tock.model;

/** The job id names no stored job. */
public class JobNotFoundException extends NotFoundException {
    private final JobId id;

    public JobNotFoundException(JobId id) {
        super("job " + id + " not found");
        this.id = id;
    }

    public JobId id() {
        return id;
    }
}
