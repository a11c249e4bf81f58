package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Keeps the table of routes in docs/api.md true to the route table. */
class DocsRoutesTest extends ApiTest {
    private static final Pattern ROW = Pattern.compile("^\\| (GET|POST|PUT|DELETE) \\| `([^`]+)` \\|", Pattern.MULTILINE);

    @Test
    void theApiPageListsExactlyTheRoutes() throws Exception {
        String page = Files.readString(Path.of("..", "docs", "api.md"));
        Set<String> documented = new HashSet<>();
        Matcher m = ROW.matcher(page);
        while (m.find()) {
            documented.add(m.group(1) + " " + m.group(2));
        }
        Set<String> routed = new HashSet<>();
        fixture.server.routes().forEach(r -> routed.add(r.method() + " " + r.path().text()));
        assertThat(documented).isEqualTo(routed);
    }
}
