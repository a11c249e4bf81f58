package dev.tock.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tock_ metric families and labels Tock exports, as the metrics table of docs/api.md lists them, so
 * that a shipped alert rule reading a series nobody exports (a typo, a renamed metric) fails the build.
 */
final class ExportedMetrics {
    private static final Pattern ROW = Pattern.compile("^\\| `(tock_[a-z_]+)` \\|[^|]*\\|([^|]*)\\|");
    private static final Pattern TOCK_NAME = Pattern.compile("`(tock_[a-z_]+)`");
    private static Set<String> names;
    private static Set<String> labels;

    private ExportedMetrics() {
    }

    /** Metric family names, e.g. {@code tock_queue_depth}. */
    static synchronized Set<String> names() {
        read();
        return names;
    }

    /** Labels that start with {@code tock_}, e.g. {@code tock_namespace}. */
    static synchronized Set<String> labels() {
        read();
        return labels;
    }

    /** The family of a series name: a histogram's {@code _bucket}, {@code _count} and {@code _sum} series belong to it. */
    static String family(String series) {
        return series.replaceFirst("_(bucket|count|sum)$", "");
    }

    private static void read() {
        if (names != null) {
            return;
        }
        Set<String> n = new HashSet<>();
        Set<String> l = new HashSet<>();
        try {
            for (String line : Files.readAllLines(Repo.file("docs/api.md"))) {
                Matcher row = ROW.matcher(line);
                if (row.find()) {
                    n.add(row.group(1));
                    Matcher label = TOCK_NAME.matcher(row.group(2));
                    while (label.find()) {
                        l.add(label.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        names = Set.copyOf(n);
        labels = Set.copyOf(l);
    }
}
