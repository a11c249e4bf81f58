package dev.tock.http.dto;

/** A namespace: posted to create one, and as listed. */
public record NamespaceBody(String name) {
}
