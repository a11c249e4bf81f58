package dev.tock.deploy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One container of a pod, run as a process the way the kubelet would run it: the image's entrypoint and
 * the container's args, the image's ENV overlaid by the container's env, the image's working directory,
 * and the image's user. The image's filesystem is a folder: {@code /opt/tock} (the jar) read-only, and
 * only {@code /var/lib/tock} (the data volume) and {@code /tmp} (an emptyDir) writable, as with
 * {@code readOnlyRootFilesystem}. When the test runs as root, the process runs as the image's UID
 * (setpriv), so the permissions hold for it too.
 */
final class PodProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening on http://[^:]+:(\\d+)");
    /** The image's paths that the pod's filesystem provides. */
    static final List<String> IMAGE_PATHS = List.of("/opt/tock", "/var/lib/tock", "/tmp");
    private static final Pattern IMAGE_PATH = Pattern.compile("(?<![\\w.-])(" + String.join("|", IMAGE_PATHS) + ")(?![\\w-])");

    /** A container's filesystem under {@code root}: each image path at {@code root + path}. */
    record Filesystem(Path root) {
        Path at(String imagePath) {
            return root.resolve(imagePath.substring(1));
        }

        /** {@code text} with every image path (at the start of a path) replaced by where it is in this filesystem. */
        String map(String text) {
            return IMAGE_PATH.matcher(text).replaceAll(m -> Matcher.quoteReplacement(at(m.group(1)).toString()));
        }

        /** Files written anywhere but the data volume and /tmp. */
        List<Path> writtenOutsideVolumes(List<Path> shipped) {
            try (Stream<Path> files = Files.walk(root)) {
                return files.filter(Files::isRegularFile)
                        .filter(f -> !f.startsWith(at("/var/lib/tock")) && !f.startsWith(at("/tmp")))
                        .filter(f -> !shipped.contains(f)).toList();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private final String name;
    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private PodProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread.ofPlatform().daemon(true).name(name + "-output").start(this::readOutput);
    }

    /**
     * Lays out the image's writable paths under {@code fs}, seals the rest read-only and starts
     * {@code command} there as {@code uid:gid} (when this test may switch users).
     */
    static PodProcess start(String name, Filesystem fs, List<String> command, Map<String, String> env, String workingDir,
                            int uid, int gid) throws IOException {
        for (String writable : List.of("/var/lib/tock", "/tmp")) {
            Files.createDirectories(fs.at(writable));
            ownedBy(fs.at(writable), uid, gid, "rwx------");
        }
        sealReadOnly(fs.root());
        List<String> full = new ArrayList<>();
        if (isRoot()) {
            full.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + gid, "--clear-groups"));
        }
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(fs.at(workingDir).toFile()).redirectErrorStream(true);
        builder.environment().clear();
        builder.environment().putAll(env);
        return new PodProcess(name, builder.start());
    }

    /** Whether this JVM runs as root, and so can (and must) drop to the image's user. */
    static boolean isRoot() {
        try {
            return ((Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid")) == 0;
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    private static void ownedBy(Path dir, int uid, int gid, String permissions) throws IOException {
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString(permissions));
        if (isRoot()) {
            Files.setAttribute(dir, "unix:uid", uid);
            Files.setAttribute(dir, "unix:gid", gid);
        }
    }

    /** Every folder but the writable ones r-x for all, every file r--: an image layer, read-only. */
    private static void sealReadOnly(Path root) throws IOException {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.toList()) {
                boolean writable = p.startsWith(root.resolve("var/lib/tock")) || p.startsWith(root.resolve("tmp"));
                if (!writable) {
                    boolean executable = Files.isDirectory(p) || p.getFileName().toString().equals("healthcheck");
                    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(executable ? "r-xr-xr-x" : "r--r--r--"));
                }
            }
        }
        for (Path p = root.getParent(); p != null && !p.equals(Path.of("/tmp")) && !p.equals(p.getRoot()); p = p.getParent()) {
            if (Files.isDirectory(p) && isRoot()) {
                Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
            }
        }
    }

    private void readOutput() {
        try (BufferedReader in = process.inputReader()) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(line);
            }
        } catch (IOException e) {
            lines.add("(reading output failed: " + e + ")");
        }
    }

    /** Waits for the line saying where the server listens; returns the port. */
    int awaitListening(Duration limit) {
        await(limit, "the server to listen", () -> lines.stream().anyMatch(l -> LISTENING.matcher(l).find()));
        return lines.stream().map(LISTENING::matcher).filter(Matcher::find).map(m -> Integer.parseInt(m.group(1)))
                .findFirst().orElseThrow();
    }

    void await(Duration limit, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit + " waiting for " + what + output());
            }
            sleep(50);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    List<String> lines() {
        return List.copyOf(lines);
    }

    String output() {
        return "\n--- output of " + name + " (pid " + process.pid() + ") ---\n" + String.join("\n", lines) + "\n---";
    }

    void signal(String signal) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -" + signal + " failed" + output());
        }
    }

    int awaitExit(Duration limit) throws InterruptedException {
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError(name + " did not exit within " + limit + output());
        }
        return process.exitValue();
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
