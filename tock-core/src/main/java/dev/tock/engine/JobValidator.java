package dev.tock.engine;

import dev.tock.model.Executor;
import dev.tock.model.JobTemplate;
import dev.tock.model.NewJob;
import java.util.Optional;

/**
 * Checks that this node can accept a job or a schedule's job template: its type has a handler (or is
 * accepted for another node or worker), or its executor is one this node allows, and its payload is
 * valid. Jobs and schedules are checked the same way, before anything is stored.
 */
final class JobValidator {
    private final HandlerRegistry handlers;
    private final BuiltInExecutors executors;
    private final PayloadValidator payloads;

    JobValidator(HandlerRegistry handlers, BuiltInExecutors executors, PayloadValidator payloads) {
        this.handlers = handlers;
        this.executors = executors;
        this.payloads = payloads;
    }

    void validate(NewJob job) {
        requireRunnable(job.type(), job.executor());
        payloads.validate(job.payload());
    }

    void validate(JobTemplate template) {
        requireRunnable(template.type(), template.executor());
        payloads.validate(template.payload());
    }

    private void requireRunnable(String type, Optional<Executor> executor) {
        if (executor.isPresent()) {
            executors.requireAccepted(executor.get());
        } else {
            handlers.requireKnown(type);
        }
    }
}
