package dev.tock.workflow;

import java.time.Instant;

/** A workflow as stored: its definition, a version that grows with each change, and its times. */
public record StoredWorkflow(Workflow workflow, long version, Instant createdAt, Instant updatedAt) {
}
