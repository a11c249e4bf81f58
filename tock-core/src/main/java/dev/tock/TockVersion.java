package dev.tock;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of Tock this code was built as, e.g. {@code 0.1.0}; {@value #UNKNOWN} when the build did not record one. */
public final class TockVersion {
    public static final String UNKNOWN = "dev";
    private static final String RESOURCE = "/dev/tock/version.properties";
    private static final String CURRENT = read();

    private TockVersion() {
    }

    public static String current() {
        return CURRENT;
    }

    private static String read() {
        try (InputStream in = TockVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "").trim();
            // An unfiltered file (e.g. run from sources by an IDE) still holds the placeholder.
            return version.isEmpty() || version.contains("${") ? UNKNOWN : version;
        } catch (IOException e) {
            return UNKNOWN;
        }
    }
}
