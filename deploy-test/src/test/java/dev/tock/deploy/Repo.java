package dev.tock.deploy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Where the deployment files and the shaded jar are, and whether a missing tool may skip a test. */
final class Repo {
    private Repo() {
    }

    /** The repository root (surefire passes it; a run from the module's folder finds it too). */
    static Path root() {
        return Path.of(System.getProperty("tock.repo", "..")).toAbsolutePath().normalize();
    }

    static Path file(String relative) {
        return root().resolve(relative);
    }

    /**
     * tock-cli's shaded jar, as the image ships it. It exists once tock-cli is packaged ({@code ./build verify},
     * or {@code -am verify}); a plain {@code -am test} has none, which skips on a developer's machine and fails in CI.
     */
    static Path shadedJar() {
        Path jar = Path.of(System.getProperty("tock.jar", "../tock-cli/target/tock.jar")).toAbsolutePath().normalize();
        requireInCi(Files.isRegularFile(jar), "tock-cli's shaded jar " + jar + " is missing: build with `-am verify`");
        return jar;
    }

    /** In CI ({@code CI=true}) a missing tool fails the test; elsewhere it skips it with the reason. */
    static void requireInCi(boolean present, String reason) {
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError(reason);
        }
        Assumptions.assumeTrue(present, reason);
    }
}
