package dev.tock.cli.apply;

/** One problem with one field of a document: its path (e.g. {@code spec.jobTemplate.retry}) and what is wrong. */
record FieldProblem(String field, String message) {
}
