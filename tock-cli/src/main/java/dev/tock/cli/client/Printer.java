package dev.tock.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/** Prints answers in the chosen {@link OutputFormat}: the server's JSON as it is, as YAML, or as a table. */
public final class Printer {
    private static final String GAP = "   ";
    private final PrintWriter out;
    private final PrintWriter err;
    private final OutputFormat format;
    private final String namespace;

    public Printer(PrintWriter out, PrintWriter err, OutputFormat format, String namespace) {
        this.out = out;
        this.err = err;
        this.format = format;
        this.namespace = namespace;
    }

    public OutputFormat format() {
        return format;
    }

    /** Prints an answer: as JSON or YAML whole, as a table by {@code view}. */
    public void print(JsonNode body, TableView view) {
        switch (format) {
            case JSON -> out.println(Jsons.prettyJson(body));
            case YAML -> out.print(Jsons.yaml(body));
            case TABLE -> table(body, view);
        }
        out.flush();
    }

    /** What a change did: in table format the line (e.g. {@code job/default/0193... cancelled}), else the object. */
    public void done(String line, JsonNode body) {
        if (format == OutputFormat.TABLE || body == null) {
            out.println(line);
            out.flush();
        } else {
            print(body, null);
        }
    }

    private void table(JsonNode body, TableView view) {
        List<JsonNode> items = new ArrayList<>();
        if (view.items() == null) {
            items.add(body);
        } else {
            body.path(view.items()).forEach(items::add);
        }
        if (items.isEmpty()) {
            err.println("No " + view.noun() + " found" + (view.namespaced() ? " in namespace " + namespace : "") + ".");
            err.flush();
            return;
        }
        List<String[]> rows = new ArrayList<>();
        rows.add(view.columns().stream().map(Column::header).toArray(String[]::new));
        for (JsonNode item : items) {
            rows.add(view.columns().stream().map(c -> c.cell().apply(item)).toArray(String[]::new));
        }
        printAligned(rows);
    }

    private void printAligned(List<String[]> rows) {
        int columns = rows.getFirst().length;
        int[] widths = new int[columns];
        for (String[] row : rows) {
            for (int i = 0; i < columns; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < columns; i++) {
                line.append(row[i]);
                if (i < columns - 1) {
                    line.append(" ".repeat(widths[i] - row[i].length())).append(GAP);
                }
            }
            out.println(line.toString().stripTrailing());
        }
    }
}
