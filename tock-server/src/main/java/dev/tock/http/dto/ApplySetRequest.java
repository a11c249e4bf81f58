package dev.tock.http.dto;

import java.util.List;

/**
 * What an apply set created, as put to {@code /v1/namespaces/{ns}/applysets/{name}}.
 *
 * @param members the objects, each {@code kind/name} (e.g. {@code schedule/nightly})
 */
public record ApplySetRequest(List<String> members) {
}
