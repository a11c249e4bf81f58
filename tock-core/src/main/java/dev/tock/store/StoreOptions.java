package dev.tock.store;

/**
 * What a store needs to open.
 *
 * @param url JDBC URL of the database
 * @param poolSize maximum open connections
 * @param schema database schema to use and migrate; empty for the database's default
 * @param completionCommit whether the hot path's commits wait for the disk ({@code completion-commit})
 */
public record StoreOptions(String url, int poolSize, String schema, CompletionCommit completionCommit) {

    public StoreOptions {
        completionCommit = completionCommit == null ? CompletionCommit.DURABLE : completionCommit;
    }

    /** With durable commits, the default. */
    public StoreOptions(String url, int poolSize, String schema) {
        this(url, poolSize, schema, CompletionCommit.DURABLE);
    }
}
