package dev.tock.model;

/** A queue cannot be deleted while jobs wait or run in it. */
public class QueueNotEmptyException extends ConflictException {
    private final String namespace;
    private final String queue;
    private final long unfinishedJobs;

    public QueueNotEmptyException(String namespace, String queue, long unfinishedJobs) {
        super("queue " + namespace + "/" + queue + " still has " + unfinishedJobs
                + " pending or running jobs; cancel them or let them finish first");
        this.namespace = namespace;
        this.queue = queue;
        this.unfinishedJobs = unfinishedJobs;
    }

    public String namespace() {
        return namespace;
    }

    public String queue() {
        return queue;
    }

    /** Jobs that were scheduled, ready, failed (awaiting a retry) or running. */
    public long unfinishedJobs() {
        return unfinishedJobs;
    }
}
