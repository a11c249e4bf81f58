package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the README's table of routes true to the route table. */
class ReadmeRoutesTest extends ApiTest {
    private static final Pattern ROW = Pattern.compile("^\\| (GET|POST|PUT|DELETE) \\| `([^`]+)` \\|", Pattern.MULTILINE);

    @Test
    void theReadmeListsExactlyTheRoutes() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        Set<String> documented = new HashSet<>();
        Matcher m = ROW.matcher(readme);
        while (m.find()) {
            documented.add(m.group(1) + " " + m.group(2));
        }
        Set<String> routed = new HashSet<>();
        fixture.server.routes().forEach(r -> routed.add(r.method() + " " + r.path().text()));
        assertThat(documented).isEqualTo(routed);
    }
}
