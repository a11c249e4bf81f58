package dev.tock.cli.apply;

import java.util.ArrayList;
import java.util.List;

/** A line diff in unified format ({@code ---}/{@code +++} headers, {@code @@} hunks with 3 lines of context). */
final class UnifiedDiff {
    private static final int CONTEXT = 3;

    /** One line of the edit script: kept ({@code ' '}), removed ({@code '-'}) or added ({@code '+'}). */
    private record Op(char kind, String line) {
        boolean inOld() {
            return kind != '+';
        }

        boolean inNew() {
            return kind != '-';
        }
    }

    private UnifiedDiff() {
    }

    /** The diff of two texts, empty when they are the same. */
    static String of(String oldName, String newName, String oldText, String newText) {
        List<Op> ops = editScript(lines(oldText), lines(newText));
        if (ops.stream().allMatch(op -> op.kind() == ' ')) {
            return "";
        }
        StringBuilder out = new StringBuilder("--- ").append(oldName).append('\n').append("+++ ").append(newName).append('\n');
        for (int[] hunk : hunks(ops)) {
            appendHunk(out, ops, hunk[0], hunk[1]);
        }
        return out.toString();
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : text.lines().toList();
    }

    /** The shortest edit script, from the longest common subsequence of lines (the texts are small). */
    private static List<Op> editScript(List<String> a, List<String> b) {
        int[][] common = new int[a.size() + 1][b.size() + 1];
        for (int i = a.size() - 1; i >= 0; i--) {
            for (int j = b.size() - 1; j >= 0; j--) {
                common[i][j] = a.get(i).equals(b.get(j)) ? common[i + 1][j + 1] + 1 : Math.max(common[i + 1][j], common[i][j + 1]);
            }
        }
        List<Op> ops = new ArrayList<>();
        int i = 0;
        int j = 0;
        while (i < a.size() || j < b.size()) {
            if (i < a.size() && j < b.size() && a.get(i).equals(b.get(j))) {
                ops.add(new Op(' ', a.get(i++)));
                j++;
            } else if (j < b.size() && (i == a.size() || common[i][j + 1] >= common[i + 1][j])) {
                ops.add(new Op('+', b.get(j++)));
            } else {
                ops.add(new Op('-', a.get(i++)));
            }
        }
        return reorderRemovalsFirst(ops);
    }

    /** Within each run of changes, removals before additions, as diff tools print them. */
    private static List<Op> reorderRemovalsFirst(List<Op> ops) {
        List<Op> out = new ArrayList<>();
        List<Op> added = new ArrayList<>();
        for (Op op : ops) {
            switch (op.kind()) {
                case '-' -> out.add(op);
                case '+' -> added.add(op);
                default -> {
                    out.addAll(added);
                    added.clear();
                    out.add(op);
                }
            }
        }
        out.addAll(added);
        return out;
    }

    /** Ranges [from, to) of ops to print: each change with its context, overlapping ranges merged. */
    private static List<int[]> hunks(List<Op> ops) {
        List<int[]> hunks = new ArrayList<>();
        for (int k = 0; k < ops.size(); k++) {
            if (ops.get(k).kind() == ' ') {
                continue;
            }
            int from = Math.max(0, k - CONTEXT);
            int to = Math.min(ops.size(), k + 1 + CONTEXT);
            if (!hunks.isEmpty() && hunks.getLast()[1] >= from) {
                hunks.getLast()[1] = to;
            } else {
                hunks.add(new int[] {from, to});
            }
        }
        return hunks;
    }

    private static void appendHunk(StringBuilder out, List<Op> ops, int from, int to) {
        int oldBefore = (int) ops.subList(0, from).stream().filter(Op::inOld).count();
        int newBefore = (int) ops.subList(0, from).stream().filter(Op::inNew).count();
        int oldLength = (int) ops.subList(from, to).stream().filter(Op::inOld).count();
        int newLength = (int) ops.subList(from, to).stream().filter(Op::inNew).count();
        out.append("@@ -").append(range(oldBefore, oldLength)).append(" +").append(range(newBefore, newLength)).append(" @@\n");
        for (Op op : ops.subList(from, to)) {
            out.append(op.kind()).append(op.line()).append('\n');
        }
    }

    /** {@code start,length} with the 1-based first line; an empty range names the line before it. */
    private static String range(int before, int length) {
        return (length == 0 ? before : before + 1) + "," + length;
    }
}
