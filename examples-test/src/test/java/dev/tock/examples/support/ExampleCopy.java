package dev.tock.examples.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A copy of one folder of {@code examples/} (system property {@code tock.examples}) under
 * {@code ROOT/examples/NAME}, as a user's checkout has it, with the test's substitutions made in its YAML files.
 * A substitution may only shorten a period or point at a local receiver, never change the work; each must match
 * somewhere in the folder's YAML, so that an example that changes breaks its test instead of going untested.
 * Scripts keep their file modes.
 */
public final class ExampleCopy {
    private final Path root;
    private final Path folder;

    private ExampleCopy(Path root, Path folder) {
        this.root = root;
        this.folder = folder;
    }

    /** Copies {@code examples/NAME} into {@code root/examples/NAME}, replacing each key of {@code substitutions} by its value in YAML files. */
    public static ExampleCopy of(String name, Path root, Map<String, String> substitutions) throws IOException {
        Path source = examples().resolve(name);
        Path target = root.resolve("examples").resolve(name);
        Map<String, Integer> matches = new LinkedHashMap<>();
        substitutions.keySet().forEach(k -> matches.put(k, 0));
        try (Stream<Path> files = Files.walk(source)) {
            for (Path file : files.toList()) {
                Path to = target.resolve(source.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(to);
                } else if (isYaml(file)) {
                    Files.writeString(to, substitute(Files.readString(file, StandardCharsets.UTF_8), substitutions, matches));
                } else {
                    Files.copy(file, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        List<String> unmatched = matches.entrySet().stream().filter(e -> e.getValue() == 0).map(Map.Entry::getKey).toList();
        if (!unmatched.isEmpty()) {
            throw new AssertionError("substitutions that match nothing in examples/" + name + ": " + unmatched);
        }
        return new ExampleCopy(root, target);
    }

    private static String substitute(String text, Map<String, String> substitutions, Map<String, Integer> matches) {
        String result = text;
        for (Map.Entry<String, String> s : substitutions.entrySet()) {
            if (result.contains(s.getKey())) {
                matches.merge(s.getKey(), 1, Integer::sum);
                result = result.replace(s.getKey(), s.getValue());
            }
        }
        return result;
    }

    private static boolean isYaml(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".yaml") || name.endsWith(".yml");
    }

    /** The {@code examples/} folder of the checkout. */
    public static Path examples() {
        String dir = System.getProperty("tock.examples");
        if (dir == null) {
            throw new AssertionError("system property tock.examples is not set (the POM sets it)");
        }
        return Path.of(dir);
    }

    /** The folder the checkout's examples/ is copied into: the nodes' and the CLI's working directory. */
    public Path root() {
        return root;
    }

    /** {@code ROOT/examples/NAME}. */
    public Path folder() {
        return folder;
    }

    /** The path of the copy relative to {@link #root()}, as a user types it ({@code examples/weather/}). */
    public String relative(String inside) {
        return root.relativize(folder.resolve(inside)).toString();
    }
}
