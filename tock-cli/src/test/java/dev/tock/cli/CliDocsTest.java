package dev.tock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Keeps docs/cli.md true to the {@code tock} command: an example of every subcommand. */
class CliDocsTest {

    @Test
    void everyCommandHasAnExampleInTheCliPage() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "cli.md"));
        for (String command : TockCommand.commandLine().getSubcommands().keySet()) {
            if (!command.equals("help")) {
                assertThat(page).as("docs/cli.md example of tock " + command).contains("tock " + command + " ");
            }
        }
        assertThat(page).contains("# Command-line client", "## Declarative configuration (tock apply)");
    }
}
