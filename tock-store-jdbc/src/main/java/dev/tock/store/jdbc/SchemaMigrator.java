package dev.tock.store.jdbc;

import dev.tock.store.StoreException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings the schema up to date with Tock's numbered migrations (Flyway), the same files for every database. */
final class SchemaMigrator {
    private static final Logger log = LoggerFactory.getLogger(SchemaMigrator.class);
    static final String LOCATION = "classpath:db/tock/migration";
    static final String HISTORY_TABLE = "tock_schema_history";

    private SchemaMigrator() {
    }

    /**
     * Migrates the schema and returns the newest migration version this code ships, which
     * {@link #appliedVersion} must reach (or pass) for the store to be ready.
     */
    static String migrate(DataSource dataSource, Dialect dialect, String schema) {
        var config = Flyway.configure(SchemaMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations(LOCATION)
                .table(HISTORY_TABLE)
                .placeholders(dialect.migrationPlaceholders())
                .baselineOnMigrate(false);
        if (!schema.isBlank()) {
            config.schemas(schema).createSchemas(true);
        }
        try {
            var flyway = config.load();
            var result = flyway.migrate();
            if (result.migrationsExecuted > 0) {
                log.info("migrated {} schema to version {} ({} migrations)", dialect.name(), result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
            return java.util.Arrays.stream(flyway.info().all())
                    .filter(m -> m.getState().isResolved() && m.getVersion() != null)
                    .map(m -> m.getVersion())
                    .max(Comparable::compareTo)
                    .map(v -> v.getVersion())
                    .orElse("");
        } catch (FlywayException e) {
            throw new StoreException("schema migration failed: " + e.getMessage(), e);
        }
    }

    /** Whether Flyway version {@code a} comes before {@code b} (so {@code 4.1} is after {@code 4} and before {@code 10}). */
    static boolean isOlder(String a, String b) {
        return org.flywaydb.core.api.MigrationVersion.fromVersion(a).compareTo(org.flywaydb.core.api.MigrationVersion.fromVersion(b)) < 0;
    }

    /** The newest successfully applied migration version, read from the history table. */
    static java.util.Optional<String> appliedVersion(java.sql.Connection c) throws java.sql.SQLException {
        try (var ps = c.prepareStatement("SELECT version FROM " + HISTORY_TABLE
                + " WHERE success AND version IS NOT NULL ORDER BY installed_rank DESC");
             var rs = ps.executeQuery()) {
            return rs.next() ? java.util.Optional.of(rs.getString(1)) : java.util.Optional.empty();
        }
    }
}
