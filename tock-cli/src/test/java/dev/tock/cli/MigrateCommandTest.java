package dev.tock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.store.Store;
import dev.tock.store.StoreOptions;
import dev.tock.store.jdbc.JdbcStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tock migrate}: migrates the store, says so and exits 0; a store it cannot open is a clear error. */
class MigrateCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @Test
    void migratesAFreshStoreAndAgainFindsNothingToDo() {
        String db = "jdbc:h2:file:" + dir.resolve("tock");
        assertThat(run("migrate", "--db", db)).as(err.toString()).isZero();
        assertThat(run("migrate", "--db", db)).as(err.toString()).isZero();
        assertThat(out.toString().lines()).hasSize(2).allMatch(l -> l.equals("tock migrate: schema is current on the h2 store at " + db));
        try (Store store = JdbcStore.open(new StoreOptions(db, 2, ""))) {
            store.checkReady();
        }
    }

    @Test
    void aStoreItCannotOpenFailsWithTheReason() {
        assertThat(run("migrate", "--db", "jdbc:mysql://127.0.0.1/tock")).isEqualTo(ErrorReporter.USER_ERROR);
        assertThat(err.toString()).contains("tock: ").contains("jdbc:mysql://127.0.0.1/tock");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anUnknownSettingIsRefused() {
        assertThat(run("migrate", "--set", "no-such-setting=1")).isEqualTo(ErrorReporter.USER_ERROR);
        assertThat(err.toString()).contains("no-such-setting");
    }

    private int run(String... args) {
        CommandLine cmd = TockCommand.commandLine();
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        return cmd.execute(args);
    }
}
