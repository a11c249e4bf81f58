package dev.tock.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding the tock tool for the server RSS measurement; the measurement itself is tested in tock-cli. */
class TockCliTest {
    @TempDir
    Path dir;

    @Test
    void theServerDefaultsComeFromTheToolsOwnClassPath() throws Exception {
        Path options = dir.resolve("tool/dev/tock/cli/server-jvm-options");
        Files.createDirectories(options.getParent());
        Files.writeString(options, "# a comment\n-Xmx64m  -Xss512k\n\n-XX:+UseSerialGC\n");
        TockCli cli = new TockCli(dir.resolve("elsewhere") + java.io.File.pathSeparator + dir.resolve("tool"));

        assertThat(cli.serverDefaults()).containsExactly("-Xmx64m", "-Xss512k", "-XX:+UseSerialGC");
        assertThat(cli.command("java", List.of("-Xmx64m"), List.of("server", "--port", "0")))
                .containsExactly("java", "-Xmx64m", "-cp", cli.classPath(), "dev.tock.cli.TockCommand", "server", "--port", "0");
    }

    @Test
    void aMissingJarFailsAtOnceSayingHowToBuildIt() {
        String before = System.getProperty(TockCli.JAR_PROPERTY);
        System.setProperty(TockCli.JAR_PROPERTY, dir.resolve("tock.jar").toString());
        try {
            assertThatThrownBy(TockCli::shadedJar).isInstanceOf(BenchException.class)
                    .hasMessageContaining(dir.resolve("tock.jar").toString()).hasMessageContaining("-pl tock-cli -am package");
        } finally {
            if (before == null) {
                System.clearProperty(TockCli.JAR_PROPERTY);
            } else {
                System.setProperty(TockCli.JAR_PROPERTY, before);
            }
        }
    }
}
