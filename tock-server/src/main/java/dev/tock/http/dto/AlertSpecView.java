package dev.tock.http.dto;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.alert.StoredSpec;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * An alert rule, channel or silence as the API shows it: its spec with every default filled in (as
 * {@code tock apply} compares it), and its times. A channel's secret settings are references, never values.
 */
public record AlertSpecView(String namespace, String name, JsonNode spec, String createdAt, String updatedAt, Boolean created) {
    private static final ObjectMapper JSON = new ObjectMapper();

    public static AlertSpecView of(StoredSpec stored) {
        try {
            return new AlertSpecView(stored.namespace(), stored.name(), JSON.readTree(stored.json()), Fields.format(stored.createdAt()),
                    Fields.format(stored.updatedAt()), null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public AlertSpecView withCreated(boolean value) {
        return new AlertSpecView(namespace, name, spec, createdAt, updatedAt, value);
    }
}
