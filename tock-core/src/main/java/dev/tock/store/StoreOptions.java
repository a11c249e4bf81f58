package dev.tock.store;

/**
 * What a store needs to open.
 *
 * @param url JDBC URL of the database
 * @param poolSize maximum open connections
 * @param schema database schema to use and migrate; empty for the database's default
 */
public record StoreOptions(String url, int poolSize, String schema) {
}
