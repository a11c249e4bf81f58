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

    static void migrate(DataSource dataSource, Dialect dialect, String schema) {
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
            var result = config.load().migrate();
            if (result.migrationsExecuted > 0) {
                log.info("migrated {} schema to version {} ({} migrations)", dialect.name(), result.targetSchemaVersion,
                        result.migrationsExecuted);
            }
        } catch (FlywayException e) {
            throw new StoreException("schema migration failed: " + e.getMessage(), e);
        }
    }
}
