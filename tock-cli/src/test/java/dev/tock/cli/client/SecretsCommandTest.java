package dev.tock.cli.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.cli.TestServer;
import dev.tock.cli.TestServer.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tock secrets} against a real server: values go in from literals and files and never come out. */
class SecretsCommandTest extends OneServerCommandTest {
    private static final String LITERAL = "literal-value-9c1f";
    private static final String FROM_FILE = "file-value-27ab";

    @TempDir
    Path files;

    /** As {@link #ok}, and no secret value appears in what the command printed. */
    private static Run okHidingValues(String... args) {
        Run run = ok(args);
        assertThat(run.out() + run.err()).doesNotContain(LITERAL, FROM_FILE);
        return run;
    }

    @Test
    void createsListsGetsReplacesAndDeletesASecretWithoutShowingAValue() throws Exception {
        okHidingValues("namespaces", "create", "secrets-a");
        Path file = Files.writeString(files.resolve("password"), FROM_FILE);

        Run created = okHidingValues("secrets", "create", "db", "-n", "secrets-a", "--from-literal", "user=" + LITERAL, "--from-file", "password=" + file);
        assertThat(created.out()).isEqualTo("secret/secrets-a/db created\n");
        assertThat(okHidingValues("secrets", "list", "-n", "secrets-a").out()).contains("NAME", "KEYS", "db", "password,user");
        JsonNode got = Jsons.JSON.readTree(okHidingValues("secrets", "get", "db", "-n", "secrets-a", "-o", "json").out());
        assertThat(got.get("keys").toString()).isEqualTo("[\"password\",\"user\"]");
        assertThat(okHidingValues("secrets", "get", "db", "-n", "secrets-a", "-o", "yaml").out()).contains("version:");

        assertThat(okHidingValues("secrets", "create", "db", "-n", "secrets-a", "--from-literal", "user=" + LITERAL, "--from-file", "password=" + file)
                .out()).isEqualTo("secret/secrets-a/db unchanged\n");
        assertThat(okHidingValues("secrets", "create", "db", "-n", "secrets-a", "--from-literal", "user=" + LITERAL).out())
                .isEqualTo("secret/secrets-a/db replaced\n");
        assertThat(okHidingValues("secrets", "delete", "db", "-n", "secrets-a").out()).isEqualTo("secret/secrets-a/db deleted\n");
        assertThat(server.tock("secrets", "get", "db", "-n", "secrets-a").exit()).isEqualTo(ExitCode.REFUSED);
        assertThat(okHidingValues("secrets", "list", "-n", "secrets-a").err()).contains("No secrets found in namespace secrets-a");
    }

    @Test
    void badValuesAreUsageErrorsAndRefusalsSayWhy() {
        for (List<String> args : List.of(List.of("secrets", "create", "db"), List.of("secrets", "create", "db", "--from-literal", "novalue"),
                List.of("secrets", "create", "db", "--from-literal", "k=1", "--from-literal", "k=2"),
                List.of("secrets", "create", "db", "--from-file", "k=" + files.resolve("missing")))) {
            Run run = server.tock(args.toArray(String[]::new));
            assertThat(run.exit()).as(run.toString()).isEqualTo(ExitCode.USAGE);
            assertThat(run.err()).startsWith("error: ");
        }
        Run badKey = server.tock("secrets", "create", "db", "--from-literal", "bad key=" + LITERAL);
        assertThat(badKey.exit()).as(badKey.toString()).isEqualTo(ExitCode.REFUSED);
        assertThat(badKey.err()).contains("bad key").doesNotContain(LITERAL);
    }
}
