package dev.tock.bench;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * Every run's outcome per (row, system), and the one table they make: medians with the range of the
 * runs, Tock's ratio to each peer, to the best peer, and to the database's single-row commit rate.
 */
final class Results {
    /** A row of the table: which measurement, which of its values, and what "better" means. */
    record Row(String label, String measurement, int valueIndex, boolean higherIsBetter, int ceilingConnections) {
    }

    private final List<Contender> contenders;
    private final List<Row> rows = new ArrayList<>();
    private final Map<String, Map<String, List<Outcome>>> outcomes = new LinkedHashMap<>();
    private final Map<String, Map<String, String>> notes = new LinkedHashMap<>();
    private final Map<Integer, List<Double>> ceilings = new LinkedHashMap<>();

    Results(List<Contender> contenders) {
        this.contenders = contenders;
    }

    void addRow(Row row) {
        rows.add(row);
    }

    void add(String measurement, Contender contender, Outcome outcome) {
        outcomes.computeIfAbsent(measurement, k -> new LinkedHashMap<>()).computeIfAbsent(contender.id(), k -> new ArrayList<>()).add(outcome);
    }

    /** A cell that has no figure, and why ("failed: ...", "n/a"). */
    void note(String measurement, Contender contender, String note) {
        notes.computeIfAbsent(measurement, k -> new LinkedHashMap<>()).put(contender.id(), note);
    }

    void addCeiling(int connections, double commitsPerSecond) {
        ceilings.computeIfAbsent(connections, k -> new ArrayList<>()).add(commitsPerSecond);
    }

    /** Every outcome recorded, for checks: measurement → system id → runs. */
    Map<String, Map<String, List<Outcome>>> outcomes() {
        return outcomes;
    }

    Map<String, Map<String, String>> notes() {
        return notes;
    }

    OptionalDouble median(String measurement, String id, int valueIndex) {
        List<Outcome> runs = outcomes.getOrDefault(measurement, Map.of()).getOrDefault(id, List.of());
        return runs.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(median(runs.stream().mapToDouble(o -> o.values()[valueIndex]).toArray()));
    }

    OptionalDouble ceiling(int connections) {
        List<Double> runs = ceilings.getOrDefault(connections, List.of());
        return runs.isEmpty() ? OptionalDouble.empty() : OptionalDouble.of(median(runs.stream().mapToDouble(Double::doubleValue).toArray()));
    }

    void print(PrintWriter out) {
        List<String> header = new ArrayList<>(List.of("measurement"));
        contenders.forEach(c -> header.add(c.name()));
        header.addAll(List.of("Tock vs best peer", "PG single-row commits/s", "Tock ÷ commits"));
        out.println("| " + String.join(" | ", header) + " |");
        out.println("|" + "---|".repeat(header.size()));
        for (Row row : rows) {
            out.println("| " + String.join(" | ", cells(row)) + " |");
        }
        out.println();
        out.println("Tock: durable completion commits (the default); Tock (fast commits): completion-commit=fast, no ratios. "
                + "Ratios: throughput rows Tock ÷ peer, lateness rows peer ÷ Tock (above 1 is Tock ahead). "
                + "Cells: median of the runs (range in brackets). † the run reached the time limit: the rate of the jobs"
                + " that ran until then (fewest of the runs shown).");
        contenders.stream().filter(c -> !c.cronLimitation().isEmpty())
                .forEach(c -> out.println("n/a for " + c.name() + " cron: " + c.cronLimitation() + "."));
        out.flush();
    }

    private List<String> cells(Row row) {
        List<String> cells = new ArrayList<>(List.of(row.label()));
        Optional<Double> tock = value(row, "tock");
        Optional<Double> best = Optional.empty();
        for (Contender c : contenders) {
            Optional<Double> v = value(row, c.id());
            String note = notes.getOrDefault(row.measurement(), Map.of()).get(c.id());
            if (v.isEmpty()) {
                cells.add(note == null ? "–" : note);
                continue;
            }
            String cell = format(v.get(), row) + range(row, c.id()) + stoppedMark(row, c.id());
            if (!c.isTock()) {
                best = best.isEmpty() || better(row, v.get(), best.get()) ? v : best;
                if (tock.isPresent()) {
                    cell += " · " + ratio(row, tock.get(), v.get());
                }
            }
            cells.add(cell);
        }
        cells.add(tock.isPresent() && best.isPresent() ? ratio(row, tock.get(), best.get()) : "–");
        OptionalDouble ceiling = row.ceilingConnections() > 0 ? ceiling(row.ceilingConnections()) : OptionalDouble.empty();
        cells.add(ceiling.isPresent() ? String.format(Locale.ROOT, "%,.0f (%d conns)", ceiling.getAsDouble(), row.ceilingConnections()) : "–");
        cells.add(ceiling.isPresent() && tock.isPresent() ? String.format(Locale.ROOT, "%.2f×", tock.get() / ceiling.getAsDouble()) : "–");
        return cells;
    }

    private Optional<Double> value(Row row, String id) {
        OptionalDouble m = median(row.measurement(), id, row.valueIndex());
        return m.isPresent() ? Optional.of(m.getAsDouble()) : Optional.empty();
    }

    private String range(Row row, String id) {
        List<Outcome> runs = outcomes.get(row.measurement()).get(id);
        if (runs.size() < 2) {
            return "";
        }
        double[] v = runs.stream().mapToDouble(o -> o.values()[row.valueIndex()]).sorted().toArray();
        return " (" + format(v[0], row) + "–" + format(v[v.length - 1], row) + ")";
    }

    private String stoppedMark(Row row, String id) {
        List<Outcome> runs = outcomes.get(row.measurement()).get(id);
        return runs.stream().anyMatch(Outcome::stoppedAtLimit)
                ? " † " + runs.stream().mapToLong(Outcome::executed).min().orElse(0) + " of " + runs.get(0).expected()
                : "";
    }

    private static boolean better(Row row, double a, double b) {
        return row.higherIsBetter() ? a > b : a < b;
    }

    private static String ratio(Row row, double tock, double peer) {
        if (Double.isNaN(tock) || Double.isNaN(peer) || peer <= 0) {
            return "–";
        }
        if (!row.higherIsBetter() && tock < 0.05) {
            return "≫";
        }
        double r = row.higherIsBetter() ? tock / peer : peer / tock;
        return String.format(Locale.ROOT, r >= 10 ? "%.0f×" : "%.1f×", r);
    }

    private static String format(double v, Row row) {
        if (Double.isNaN(v)) {
            return "none";
        }
        if (row.higherIsBetter()) {
            return String.format(Locale.ROOT, v < 100 ? "%.1f" : "%,.0f", v);
        }
        return String.format(Locale.ROOT, v >= 100 ? "%,.0f" : "%.2f", v);
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
