package dev.tock.cli.client;

import java.util.ArrayList;
import java.util.List;

/** A query string built from optional parameters; absent values are left out. */
public final class Query {
    private final List<String> pairs = new ArrayList<>();

    public static Query of() {
        return new Query();
    }

    /** Adds {@code name=value} unless the value is null; repeated names are kept (e.g. {@code label}). */
    public Query add(String name, Object value) {
        if (value != null) {
            pairs.add(ApiPaths.segment(name) + "=" + ApiPaths.segment(String.valueOf(value)));
        }
        return this;
    }

    public Query addAll(String name, Iterable<?> values) {
        if (values != null) {
            values.forEach(v -> add(name, v));
        }
        return this;
    }

    /** {@code path} with this query appended. */
    public String on(String path) {
        return pairs.isEmpty() ? path : path + "?" + String.join("&", pairs);
    }
}
