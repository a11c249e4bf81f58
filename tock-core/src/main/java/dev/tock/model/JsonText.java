package dev.tock.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;

/**
 * Text that must be one JSON value and nothing else. Jackson's default reader stops after the first value, so
 * {@code 42 items} or {@code [1] and more} would pass for JSON and be stored as such; text checked here to decide
 * whether it is JSON (a step's output, a run's inputs, a workflow's spec) goes through this instead.
 */
public final class JsonText {
    private static final ObjectMapper STRICT = JsonMapper.builder().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS).build();

    private JsonText() {
    }

    /**
     * The one JSON value {@code text} holds (a missing node for blank text).
     *
     * @throws JsonProcessingException when it is not JSON, or has anything but white space after its value
     */
    public static JsonNode read(String text) throws JsonProcessingException {
        return STRICT.readTree(text);
    }
}
