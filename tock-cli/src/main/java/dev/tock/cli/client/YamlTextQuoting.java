package dev.tock.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.fasterxml.jackson.dataformat.yaml.util.StringQuotingChecker;
import java.io.IOException;

/**
 * Quotes, beside what YAML always needs quoted, a text that YAML would read back as something else: {@code "42"},
 * {@code "0x1F"}, {@code "1e3"} or {@code ".inf"} written plain come back as numbers (or fail to parse), so what
 * {@code -o yaml} and {@code tock import} print would change type when {@code tock apply} reads it.
 */
final class YamlTextQuoting extends StringQuotingChecker {
    private static final long serialVersionUID = 1L;
    /** Reads a plain scalar the way documents are read; without the checker, so no loop. */
    private static final YAMLMapper PLAIN = new YAMLMapper();
    private static final String NUMBER_STARTS = "0123456789+-.";
    private final StringQuotingChecker.Default yamlRules = new StringQuotingChecker.Default();

    @Override
    public boolean needToQuoteName(String name) {
        return yamlRules.needToQuoteName(name) || mayReadAsNumber(name) && !readsBackAsText(name);
    }

    @Override
    public boolean needToQuoteValue(String value) {
        return yamlRules.needToQuoteValue(value) || mayReadAsNumber(value) && !readsBackAsText(value);
    }

    /** Only a text that starts as a number does can read as one; the keywords (true, null, ~…) are YAML's own rules. */
    private static boolean mayReadAsNumber(String text) {
        return !text.isEmpty() && NUMBER_STARTS.indexOf(text.charAt(0)) >= 0;
    }

    private static boolean readsBackAsText(String text) {
        try {
            JsonNode read = PLAIN.readTree("v: " + text).get("v");
            return read != null && read.isTextual() && read.textValue().equals(text);
        } catch (IOException e) {
            return false;
        }
    }
}
