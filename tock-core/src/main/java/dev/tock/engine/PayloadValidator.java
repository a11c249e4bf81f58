package dev.tock.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import dev.tock.model.InvalidJobException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** Checks that a payload is one well-formed JSON value within the size limit, without building a tree. */
final class PayloadValidator {
    private static final int MAX_NESTING = 200;
    private final int maxBytes;
    private final JsonFactory factory;

    PayloadValidator(int maxBytes) {
        this.maxBytes = maxBytes;
        this.factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING).build())
                .build();
    }

    void validate(String payload) {
        if (payload.length() > maxBytes || (payload.length() * 3L > maxBytes && utf8Length(payload) > maxBytes)) {
            throw new InvalidJobException("payload", "is larger than the limit of " + maxBytes + " bytes");
        }
        try (JsonParser parser = factory.createParser(payload)) {
            if (parser.nextToken() == null) {
                throw new InvalidJobException("payload", "is empty; send JSON such as {}");
            }
            parser.skipChildren();
            if (parser.nextToken() != null) {
                throw new InvalidJobException("payload", "has text after the JSON value");
            }
        } catch (IOException e) {
            throw new InvalidJobException("payload", "is not valid JSON: " + firstLine(e.getMessage()));
        }
    }

    private static int utf8Length(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    private static String firstLine(String message) {
        int newline = message == null ? -1 : message.indexOf('\n');
        return newline < 0 ? String.valueOf(message) : message.substring(0, newline);
    }
}
