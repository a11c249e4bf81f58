package dev.tock.cli.apply;

import dev.tock.cli.client.UsageException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The name of an apply set: the group of objects one set of files manages, which {@code --prune} prunes
 * within. Given with {@code --apply-set}, or derived from the absolute paths of {@code -f}: their last
 * name plus a hash of all of them, so the same files give the same set and other files another.
 */
final class ApplySetName {
    /** A resource name, kept to 40 characters so that derived names stay readable. */
    private static final Pattern VALID = Pattern.compile("[a-z0-9]([-a-z0-9]{0,38}[a-z0-9])?");
    private static final int BASE_LENGTH = 30;

    private ApplySetName() {
    }

    static String of(String given, List<Path> paths) {
        if (given != null) {
            if (!VALID.matcher(given).matches()) {
                throw new UsageException("--apply-set: must be 1-40 lower-case letters, digits or '-', starting and ending with a letter or digit; was \""
                        + given + "\"");
            }
            return given;
        }
        return derived(paths);
    }

    private static String derived(List<Path> paths) {
        List<String> absolute = paths.stream().map(p -> p.toAbsolutePath().normalize().toString()).sorted().toList();
        Path first = paths.getFirst().toAbsolutePath().normalize();
        String last = first.getFileName() == null ? "root" : first.getFileName().toString();
        String base = last.replaceFirst("\\.(yaml|yml)$", "").toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("^-+|-+$", "");
        if (base.length() > BASE_LENGTH) {
            base = base.substring(0, BASE_LENGTH).replaceAll("-+$", "");
        }
        String hash = sha256(String.join("\n", absolute)).substring(0, 8);
        return base.isEmpty() ? hash : base + "-" + hash;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
