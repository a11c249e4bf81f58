package dev.tock.http.dto;

import java.util.List;

/** Every namespace, by name. */
public record NamespaceList(List<NamespaceBody> namespaces) {
}
