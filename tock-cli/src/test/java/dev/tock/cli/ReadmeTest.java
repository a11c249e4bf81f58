package dev.tock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.config.TockConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps the README's configuration table true to {@link TockConfig}. */
class ReadmeTest {

    @Test
    void everyCommandIsInTheReadme() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String command : TockCommand.commandLine().getSubcommands().keySet()) {
            if (!command.equals("help")) {
                assertThat(readme).as("README example of tock " + command).contains("tock " + command + " ");
            }
        }
        assertThat(readme).contains("## Command-line client", "## Declarative configuration (tock apply)");
    }

    @Test
    void everySettingIsInTheConfigurationTable() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        for (String key : TockConfig.KEYS.keySet()) {
            assertThat(readme).as("README row for " + key)
                    .contains("| `" + key + "` | `" + TockConfig.environmentName(key) + "` |");
        }
    }
}
