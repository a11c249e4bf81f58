package dev.tock.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/** What the figures were measured on: CPUs, memory, JVM, PostgreSQL and its commit settings, load. */
final class Machine {
    private Machine() {
    }

    /** The 1, 5 and 15 minute load averages, as {@code /proc/loadavg} has them. */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** Whether the server runs autovacuum. */
    static boolean autovacuum(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_setting('autovacuum')")) {
            rs.next();
            return rs.getString(1).equals("on");
        } catch (SQLException e) {
            throw new BenchException("cannot reach " + url + ": " + e.getMessage(), e);
        }
    }

    static String describe(String url) {
        return String.format(Locale.ROOT, "%d CPUs, %s memory, Java %s, %s", Runtime.getRuntime().availableProcessors(),
                memory(), Runtime.version(), postgres(url));
    }

    private static String memory() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    return String.format(Locale.ROOT, "%.0f GiB", Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0);
                }
            }
        } catch (IOException e) {
            // not Linux
        }
        return "unknown";
    }

    private static String postgres(String url) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("select current_setting('server_version'), current_setting('synchronous_commit'),"
                     + " current_setting('fsync'), current_setting('shared_buffers'), current_setting('autovacuum')")) {
            rs.next();
            return "PostgreSQL " + rs.getString(1) + " (synchronous_commit " + rs.getString(2) + ", fsync " + rs.getString(3)
                    + ", shared_buffers " + rs.getString(4) + ", autovacuum " + rs.getString(5) + ")";
        } catch (SQLException e) {
            return "PostgreSQL (unreachable: " + e.getMessage() + ")";
        }
    }
}
