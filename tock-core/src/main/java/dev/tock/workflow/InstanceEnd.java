package dev.tock.workflow;

import java.time.Instant;
import java.util.Optional;

/** The end of an instance's job, recorded by the planner in the transaction that recorded the job's end. */
public record InstanceEnd(String step, String itemKey, InstanceState state, Optional<String> output, Optional<String> error,
                          Instant at) {
}
