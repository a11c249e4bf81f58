package dev.tock.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** What a newcomer meets first: the build scripts' output in a pipe, and the files a clone holds. */
class BuildScriptsTest {

    @Test
    void theBuildScriptWritesNoTerminalEscapesIntoAPipe() throws Exception {
        String out = run(List.of("bash", Repo.file("build").toString(), "-v"));
        assertThat(out).as("Maven's version, printed through ./build").contains("Apache Maven");
        assertThat(out).as("no ANSI escape codes when the output is not a terminal").doesNotContain("\u001b");
    }

    @Test
    void noFileOfTheRepositoryIsIgnoredByGit() throws Exception {
        Repo.requireInCi(Files.exists(Repo.file(".git")), "not a git checkout");
        String ignored = run(List.of("git", "-C", Repo.root().toString(), "ls-files", "--cached", "--ignored", "--exclude-standard"));
        assertThat(ignored).as("tracked files that .gitignore would hide from a new file of the same name").isEmpty();
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("tock-build-scripts", ".out");
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(Repo.root().toFile()).redirectErrorStream(true)
                    .redirectOutput(output.toFile());
            builder.environment().remove("MAVEN_OPTS"); // as a newcomer's shell has it, not as this build set it
            Process process = builder.start();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(command + " did not finish within 120 s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as("%s: %s", command, text).isZero();
            return text;
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
