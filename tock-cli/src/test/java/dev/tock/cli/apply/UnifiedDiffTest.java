package dev.tock.cli.apply;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class UnifiedDiffTest {

    private static String lines(int from, int to) {
        return IntStream.rangeClosed(from, to).mapToObj(i -> "line " + i + "\n").collect(Collectors.joining());
    }

    @Test
    void sameTextsHaveNoDiff() {
        assertThat(UnifiedDiff.of("a", "b", "x: 1\n", "x: 1\n")).isEmpty();
    }

    @Test
    void aChangedLineIsRemovedThenAddedWithThreeLinesOfContext() {
        String before = lines(1, 10);
        String after = before.replace("line 5\n", "line five\n");
        assertThat(UnifiedDiff.of("old", "new", before, after)).isEqualTo("""
                --- old
                +++ new
                @@ -2,7 +2,7 @@
                 line 2
                 line 3
                 line 4
                -line 5
                +line five
                 line 6
                 line 7
                 line 8
                """);
    }

    @Test
    void distantChangesMakeSeparateHunksAndNearOnesOne() {
        String before = lines(1, 20);
        String after = before.replace("line 2\n", "").replace("line 18\n", "line 18\nline 18b\n");
        assertThat(UnifiedDiff.of("o", "n", before, after)).contains("@@ -1,5 +1,4 @@\n line 1\n-line 2\n line 3\n",
                "@@ -16,5 +15,6 @@\n line 16\n line 17\n line 18\n+line 18b\n line 19\n line 20\n");
        String near = before.replace("line 5\n", "").replace("line 9\n", "line nine\n");
        assertThat(UnifiedDiff.of("o", "n", before, near).split("@@ ")).hasSize(2); // the file headers, then one hunk
    }

    @Test
    void creationAndDeletionAreWholeTexts() {
        assertThat(UnifiedDiff.of("o", "n", "", "a: 1\nb: 2\n")).isEqualTo("--- o\n+++ n\n@@ -0,0 +1,2 @@\n+a: 1\n+b: 2\n");
        assertThat(UnifiedDiff.of("o", "n", "a: 1\n", "")).isEqualTo("--- o\n+++ n\n@@ -1,1 +0,0 @@\n-a: 1\n");
    }
}
