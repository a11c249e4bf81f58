package dev.tock.model;

/** A job is not in a state that allows what was asked, e.g. a retry of a job that has not ended. */
public class JobStateConflictException extends ConflictException {
    private final JobId id;
    private final JobState current;

    public JobStateConflictException(JobId id, JobState current, String refused) {
        super("job " + id + " is " + current.wireName() + ": " + refused);
        this.id = id;
        this.current = current;
    }

    public JobId id() {
        return id;
    }

    /** The state the job was in when the request was refused. */
    public JobState current() {
        return current;
    }
}
