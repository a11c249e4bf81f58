package dev.tock.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The peers' versions, as tock-bench/pom.xml names them (written into a resource at build time). */
final class Versions {
    private static final Properties VERSIONS = load();

    private Versions() {
    }

    /** The version of {@code peer} (db-scheduler, jobrunr, quartz). */
    static String of(String peer) {
        return VERSIONS.getProperty(peer, "(version unknown)");
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("/tock-bench-peers.properties")) {
            if (in != null) {
                p.load(in);
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
