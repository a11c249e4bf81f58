package dev.tock.cli.client;

import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine;

/** How a client command prints what the server answered. */
public enum OutputFormat {
    /** Columns chosen per kind, for people. */
    TABLE,
    /** The server's JSON as YAML. */
    YAML,
    /** The server's JSON, indented. */
    JSON;

    /** Reads {@code -o}; case does not matter. */
    public static final class Converter implements CommandLine.ITypeConverter<OutputFormat> {
        @Override
        public OutputFormat convert(String value) {
            try {
                return OutputFormat.valueOf(value.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("expected table, yaml or json but was '" + value + "'");
            }
        }
    }

    /** The values offered in help and shell completion. */
    public static final class Names implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return List.of("table", "yaml", "json").iterator();
        }
    }
}
