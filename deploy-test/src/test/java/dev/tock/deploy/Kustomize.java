package dev.tock.deploy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Renders a kustomization with the kustomize on this machine: {@code $TOCK_KUSTOMIZE} (a command taking
 * the directory), else {@code kubectl kustomize}, else {@code kustomize build}. {@code .ci/run} installs
 * kubectl when neither is present.
 */
final class Kustomize {
    private static final long RENDER_LIMIT_SECONDS = 120;

    private Kustomize() {
    }

    /** The rendered YAML of {@code directory}; skips (or fails in CI) when no renderer is installed. */
    static String render(Path directory) {
        Optional<List<String>> command = command();
        Repo.requireInCi(command.isPresent(), "no kustomize renderer: install kubectl (apt-get install kubernetes-client)"
                + " or kustomize, or set TOCK_KUSTOMIZE");
        List<String> full = new ArrayList<>(command.orElseThrow());
        full.add(directory.toString());
        return run(full);
    }

    private static Optional<List<String>> command() {
        String configured = System.getenv("TOCK_KUSTOMIZE");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(List.of(configured.trim().split("\\s+")));
        }
        if (onPath("kubectl")) {
            return Optional.of(List.of("kubectl", "kustomize"));
        }
        return onPath("kustomize") ? Optional.of(List.of("kustomize", "build")) : Optional.empty();
    }

    private static boolean onPath(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(java.io.File.pathSeparator)) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, program))) {
                return true;
            }
        }
        return false;
    }

    private static String run(List<String> command) {
        try {
            Process process = new ProcessBuilder(command).start();
            CompletableFuture<String> out = readAsync(process.getInputStream());
            CompletableFuture<String> err = readAsync(process.getErrorStream());
            if (!process.waitFor(RENDER_LIMIT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + RENDER_LIMIT_SECONDS + " s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (exit " + process.exitValue() + "):\n" + err.join());
            }
            return out.join();
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while rendering", e);
        }
    }

    private static CompletableFuture<String> readAsync(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
