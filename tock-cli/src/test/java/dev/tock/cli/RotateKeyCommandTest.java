package dev.tock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.cli.TestServer.Run;
import dev.tock.secret.EncryptionKey;
import dev.tock.secret.SecretCipher;
import dev.tock.secret.SecretUnreadableException;
import dev.tock.secret.SealedSecret;
import dev.tock.store.Store;
import dev.tock.store.StoreOptions;
import dev.tock.store.jdbc.JdbcStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code tock secrets rotate-key}: every value re-encrypted under the new key in one go, or none. */
class RotateKeyCommandTest {
    @TempDir
    Path folder;

    private Path keyFile(String name, String key) throws Exception {
        return Files.writeString(folder.resolve(name), key + "\n");
    }

    /** A new random key as base64, as {@code openssl rand -base64 32} makes one. */
    private static String newKey() {
        byte[] bytes = new byte[32];
        new java.security.SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static SealedSecret stored(TestServer server, String name) {
        try (Store store = JdbcStore.open(new StoreOptions(server.dbUrl(), 2, ""))) {
            return store.secrets().find("default", name).orElseThrow().sealed();
        }
    }

    @Test
    void reEncryptsEveryValueAndCanRunAgainButNotWithAWrongKey() throws Exception {
        EncryptionKey old = EncryptionKey.fromBase64(TestServer.SECRET_KEY);
        String nextText = newKey();
        EncryptionKey next = EncryptionKey.fromBase64(nextText);
        try (TestServer server = new TestServer(folder.resolve("server"))) {
            assertThat(server.tock("secrets", "create", "db", "--from-literal", "password=rotate-me-please").exit()).isZero();
            assertThat(server.tock("secrets", "create", "mail", "--from-literal", "token=mail-token-value").exit()).isZero();
            String[] rotate = {"secrets", "rotate-key", "--db", server.dbUrl(), "--old-key-file", keyFile("old", TestServer.SECRET_KEY).toString(),
                    "--new-key-file", keyFile("new", nextText).toString()};

            Run first = TestServer.run(rotate);
            assertThat(first.exit()).as(first.toString()).isZero();
            assertThat(first.out()).contains("re-encrypted 2 secrets from key " + old.id() + " to key " + next.id());
            SealedSecret db = stored(server, "db");
            assertThat(new SecretCipher(next).open(db).data()).containsEntry("password", "rotate-me-please");
            assertThat(db.version()).isEqualTo(server.tock().secrets().find("default", "db").orElseThrow().version());

            Run again = TestServer.run(rotate);
            assertThat(again.exit()).as("a rotation can be run again").isZero();
            assertThat(new SecretCipher(next).open(stored(server, "mail")).data()).containsEntry("token", "mail-token-value");

            Run wrong = TestServer.run("secrets", "rotate-key", "--db", server.dbUrl(), "--old-key-file",
                    keyFile("third", newKey()).toString(), "--new-key-file", keyFile("fourth", newKey()).toString());
            assertThat(wrong.exit()).as(wrong.toString()).isEqualTo(2);
            assertThat(wrong.err()).contains("was encrypted with the secret key of id " + next.id()).doesNotContain("rotate-me-please");
            assertThat(new SecretCipher(next).open(stored(server, "db")).data()).as("nothing changed").containsKey("password");
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> new SecretCipher(old).open(stored(server, "db")))
                    .isInstanceOf(SecretUnreadableException.class);
        }
    }

    @Test
    void keysComeFromFilesOrVariablesNeverTheCommandLineAndMustDiffer() throws Exception {
        String nextText = newKey();
        EncryptionKey next = EncryptionKey.fromBase64(nextText);
        try (TestServer server = new TestServer(folder.resolve("server"))) {
            assertThat(server.tock("secrets", "create", "db", "--from-literal", "password=by-variables").exit()).isZero();
            Run same = TestServer.run("secrets", "rotate-key", "--db", server.dbUrl(), "--old-key-file", keyFile("a", TestServer.SECRET_KEY).toString(),
                    "--new-key-file", keyFile("b", TestServer.SECRET_KEY).toString());
            assertThat(same.exit()).isEqualTo(2);
            assertThat(same.err()).contains("the same");
            Run noOld = TestServer.run("secrets", "rotate-key", "--db", server.dbUrl(), "--new-key-file", keyFile("c", nextText).toString());
            assertThat(noOld.exit()).isEqualTo(2);
            assertThat(noOld.err()).contains("--old-key-file", "TOCK_OLD_SECRET_KEY");

            StringWriter out = new StringWriter();
            CommandLine line = new CommandLine(new RotateKeyCommand(Map.of("TOCK_OLD_SECRET_KEY", TestServer.SECRET_KEY,
                    "TOCK_SECRET_KEY", nextText))).setExecutionExceptionHandler(new ErrorReporter());
            line.setOut(new PrintWriter(out, true));
            assertThat(line.execute("--db", server.dbUrl())).isZero();
            assertThat(out.toString()).contains("re-encrypted 1 secrets");
            assertThat(new SecretCipher(next).open(stored(server, "db")).data()).containsEntry("password", "by-variables");
        }
    }
}
