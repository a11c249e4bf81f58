package dev.tock.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.Durations;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/** Values given on the command line that the client reads itself: JSON payloads, inline or from a file, and durations. */
public final class CommandLineValues {
    private CommandLineValues() {
    }

    /**
     * The payload from {@code --payload JSON} or {@code --payload-file FILE} ({@code -} for stdin), or null
     * when neither is given.
     */
    public static JsonNode payload(String inline, Path file, InputStream stdin) {
        if (inline != null && file != null) {
            throw new UsageException("--payload and --payload-file cannot be given together");
        }
        if (inline != null) {
            return json("--payload", inline);
        }
        if (file == null) {
            return null;
        }
        try {
            String text = file.toString().equals("-") ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(file);
            return json("--payload-file " + file, text);
        } catch (IOException e) {
            throw new UsageException("--payload-file: cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The first line of a parser message, without the source description Jackson puts into it. */
    public static String firstLine(String message) {
        String line = message == null ? "" : message.lines().findFirst().orElse("");
        return line.replaceAll("\\[Source: [^;]*; ", "[");
    }

    /** A duration such as {@code 90s} or {@code 10m} given to {@code option}; anything else is a usage error naming it. */
    public static Duration duration(String option, String text) {
        try {
            return Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(option + ": " + e.getMessage());
        }
    }

    /** Parses one JSON value; an error says where the text goes wrong. */
    public static JsonNode json(String option, String text) {
        if (text.isBlank()) {
            throw new UsageException(option + ": is empty; give one JSON value, e.g. '{\"to\": \"ada@example.com\"}'");
        }
        try {
            return Jsons.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            var where = e.getLocation();
            String at = where == null ? "" : " (line " + where.getLineNr() + ", column " + where.getColumnNr() + ")";
            throw new UsageException(option + ": not valid JSON: " + firstLine(e.getOriginalMessage()) + at, e);
        }
    }
}
