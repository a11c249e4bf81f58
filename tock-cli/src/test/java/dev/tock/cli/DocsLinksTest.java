package dev.tock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the README short and every relative link in it and in {@code docs/} working: the file exists and,
 * for {@code page.md#anchor}, so does the anchor (a heading in GitHub's slug style, or an {@code <a id>}).
 */
class DocsLinksTest {
    private static final Path ROOT = Path.of("..");
    private static final Path README = ROOT.resolve("README.md");
    private static final int README_LIMIT_BYTES = 10_240;

    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern HTML_LINK = Pattern.compile("(?:src|href)=\"([^\"]+)\"");
    private static final Pattern HTML_ID = Pattern.compile("<a\\s+(?:id|name)=\"([^\"]+)\"");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.+?)\\s*#*\\s*$");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    @Test
    void theReadmeIsAtMostTenKilobytes() throws IOException {
        assertThat(Files.size(README)).as("README.md size in bytes; move detail to docs/")
                .isLessThanOrEqualTo(README_LIMIT_BYTES);
    }

    @Test
    void everyRelativeLinkReachesAFileAndItsAnchor() {
        List<String> broken = new ArrayList<>();
        for (Path page : pages()) {
            for (String link : links(page)) {
                problem(page, link).ifPresent(broken::add);
            }
        }
        assertThat(broken).as("broken links").isEmpty();
    }

    @Test
    void theReadmeLinksEveryDocsPage() {
        Set<Path> linked = new HashSet<>();
        for (String link : links(README)) {
            if (!SCHEME.matcher(link).find()) {
                linked.add(README.getParent().resolve(link.replaceAll("#.*", "")).normalize());
            }
        }
        assertThat(pages()).filteredOn(p -> !p.equals(README))
                .allSatisfy(p -> assertThat(linked).as("pages the README links").contains(p.normalize()));
    }

    @Test
    void slugsFollowGitHub() {
        assertThat(slug("Schedules (CronJobs)")).isEqualTo("schedules-cronjobs");
        assertThat(slug("Declarative configuration (tock apply)")).isEqualTo("declarative-configuration-tock-apply");
        assertThat(slug("Executors: webhooks and commands")).isEqualTo("executors-webhooks-and-commands");
        assertThat(slug("Using `tock_apply` with [links](x.md)")).isEqualTo("using-tock_apply-with-links");
        assertThat(anchors(List.of("# Notes", "```", "# not a heading", "```", "## Notes", "<a id=\"figures\"></a>**Figures**")))
                .containsExactlyInAnyOrder("notes", "notes-1", "figures");
    }

    private static Optional<String> problem(Path page, String link) {
        if (SCHEME.matcher(link).find()) {
            return Optional.empty();
        }
        int hash = link.indexOf('#');
        String file = hash < 0 ? link : link.substring(0, hash);
        Path target = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
        String where = ROOT.relativize(page) + ": " + link;
        if (!Files.exists(target)) {
            return Optional.of(where + " (no such file)");
        }
        if (hash >= 0 && !anchors(lines(target)).contains(link.substring(hash + 1))) {
            return Optional.of(where + " (no such anchor in " + ROOT.relativize(target) + ")");
        }
        return Optional.empty();
    }

    private static List<Path> pages() {
        try (Stream<Path> docs = Files.list(ROOT.resolve("docs"))) {
            List<Path> pages = new ArrayList<>(List.of(README));
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
            return pages;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Link targets outside code blocks and code spans. */
    private static List<String> links(Path page) {
        List<String> links = new ArrayList<>();
        for (String line : prose(lines(page))) {
            String text = CODE_SPAN.matcher(line).replaceAll("");
            for (Pattern p : List.of(MARKDOWN_LINK, HTML_LINK)) {
                Matcher m = p.matcher(text);
                while (m.find()) {
                    links.add(m.group(1));
                }
            }
        }
        return links;
    }

    /** The anchors a page offers: its headings' slugs (repeats numbered as GitHub does) and explicit ids. */
    static Set<String> anchors(List<String> lines) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        for (String line : prose(lines)) {
            Matcher heading = HEADING.matcher(line);
            if (heading.matches()) {
                String slug = slug(heading.group(1));
                int repeats = seen.merge(slug, 1, Integer::sum) - 1;
                anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
            }
            Matcher id = HTML_ID.matcher(line);
            while (id.find()) {
                anchors.add(id.group(1));
            }
        }
        return anchors;
    }

    /** GitHub's heading anchor: the heading's text in lower case, punctuation but hyphens and underscores dropped. */
    static String slug(String heading) {
        String text = heading.replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1").replaceAll("<[^>]+>", "").replace("`", "")
                .replace("*", "");
        return text.strip().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{M}\\p{N}\\p{Pc} -]", "").replace(' ', '-');
    }

    /** The lines outside fenced code blocks. */
    private static List<String> prose(List<String> lines) {
        List<String> prose = new ArrayList<>();
        boolean fenced = false;
        for (String line : lines) {
            if (line.stripLeading().startsWith("```")) {
                fenced = !fenced;
            } else if (!fenced) {
                prose.add(line);
            }
        }
        return prose;
    }

    private static List<String> lines(Path page) {
        try {
            return Files.readAllLines(page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
