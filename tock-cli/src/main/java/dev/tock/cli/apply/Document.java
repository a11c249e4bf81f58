package dev.tock.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.Map;

/**
 * One valid document of a file: {@code apiVersion: tock/v1}, its kind, metadata and spec.
 *
 * @param index its position in the file, from 1
 * @param spec the spec as written (the REST API's JSON body of that kind); an empty object when absent
 */
record Document(Path file, int index, ObjectRef ref, Map<String, String> labels, JsonNode spec) {

    Kind kind() {
        return ref.kind();
    }

    String namespace() {
        return ref.namespace();
    }

    String name() {
        return ref.name();
    }

    /** Where it was read, e.g. {@code tock/app.yaml: document 2}. */
    String where() {
        return file + ": document " + index;
    }
}
