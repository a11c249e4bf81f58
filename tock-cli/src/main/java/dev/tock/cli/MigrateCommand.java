package dev.tock.cli;

import dev.tock.config.TockConfig;
import dev.tock.store.Store;
import dev.tock.store.Stores;
import dev.tock.store.StoreOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tock migrate}: brings the store's schema up to date and exits. Opening a store applies
 * Tock's forward-only migrations (under a database lock, so concurrent runs are safe); this command
 * does only that, so a deployment can migrate once, before its nodes roll out.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
        description = {
                "Applies Tock's schema migrations to the store and exits 0 once the schema is current.",
                "Any failure exits non-zero with the reason. Migrations are forward-only. It takes the store from "
                        + "db-url (TOCK_DB_URL) and db-schema (TOCK_DB_SCHEMA) like tock server."})
public final class MigrateCommand implements Callable<Integer> {
    @CommandLine.Mixin
    NodeOptions node;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        TockConfig config = node.configBuilder().build();
        PrintWriter out = spec.commandLine().getOut();
        try (Store store = Stores.open(new StoreOptions(config.dbUrl(), NodeOptions.SMALLEST_POOL, config.dbSchema()))) {
            store.checkReady();
            out.printf("tock migrate: schema is current on the %s store at %s%n", store.kind(), config.redactedDbUrl());
        }
        out.flush();
        return 0;
    }
}
