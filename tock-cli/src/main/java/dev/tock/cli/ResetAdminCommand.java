package dev.tock.cli;

import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tock tokens reset-admin}: the way back in for whoever lost every admin secret but can reach the
 * database. It opens the store as a node does (without starting one: nothing is registered, leased or fired)
 * and gives the token {@code bootstrap-admin} a new secret through the security service.
 */
@Command(name = "reset-admin", mixinStandardHelpOptions = true,
        description = {
                "Gives the admin token bootstrap-admin a new secret and prints it once.",
                "It creates the token when it does not exist. Its earlier secret and its dashboard sessions stop working.",
                "It works on the store directly and needs no server: give the database as tock server has it (--db, "
                        + "TOCK_DB_URL). An embedded H2 store must not be open in a running tock server. "
                        + "The reset is recorded in the audit log."})
final class ResetAdminCommand implements Callable<Integer> {
    @CommandLine.Mixin
    NodeOptions node;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        TockConfig config = node.configBuilder().dbPoolSize(NodeOptions.SMALLEST_POOL).build();
        String secret;
        String store;
        Tock tock = Tock.builder().config(config).build();
        try {
            secret = tock.security().resetBootstrapAdmin();
            store = tock.cluster().storeKind();
        } finally {
            tock.stop(Duration.ZERO);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("admin token bootstrap-admin has a new secret on the %s store at %s; it is shown only this once, keep it safe:%n",
                store, config.redactedDbUrl());
        out.println("  export TOCK_TOKEN=" + secret);
        out.flush();
        return 0;
    }
}
