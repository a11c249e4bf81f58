package dev.tock.cli;

import dev.tock.config.TockConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The options of every command that opens the store as a node does ({@code tock server}, {@code tock migrate}):
 * {@code --db} and {@code --set}, and the one order in which they and the environment make its configuration,
 * so that the commands cannot come to read the same settings differently.
 */
final class NodeOptions {
    /** The pool's smallest allowed size, for commands that do one thing on the store and exit. */
    static final int SMALLEST_POOL = 2;

    @Option(names = "--db", paramLabel = "URL",
            description = "JDBC URL of the store (default: embedded H2 in ./tock-data; setting db-url, TOCK_DB_URL)")
    String db;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Any other setting by its key, e.g. --set db-schema=tock (repeatable; wins over its TOCK_... variable)")
    Map<String, String> settings = new LinkedHashMap<>();

    /** The defaults, overlaid by this process's {@code TOCK_*} variables, then {@code --set}, then {@code --db}. */
    TockConfig.Builder configBuilder() {
        return configBuilder(System.getenv());
    }

    /** As {@link #configBuilder()}, with {@code environment} in place of this process's. */
    TockConfig.Builder configBuilder(Map<String, String> environment) {
        TockConfig.Builder builder = TockConfig.defaults().withEnvironment(environment).toBuilder();
        settings.forEach(builder::set);
        if (db != null) {
            builder.dbUrl(db);
        }
        return builder;
    }
}
