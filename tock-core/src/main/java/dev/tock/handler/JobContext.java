package dev.tock.handler;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.model.InvalidJobException;
import dev.tock.model.Job;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Supplier;

/** What a handler sees of the job it runs. */
public final class JobContext {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Job job;
    private final String node;
    private final Optional<Instant> deadline;
    private final OutputTail output;
    private final long leaseToken;
    private final Supplier<Optional<StopReason>> stopReason;
    private volatile String result;

    /** Made by the engine (or a test) for one attempt; {@code output} collects what the handler writes. */
    public JobContext(Job job, String node, Optional<Instant> deadline, OutputTail output) {
        this(job, node, deadline, output, 0, Optional::empty);
    }

    /**
     * Made by the engine for one attempt.
     *
     * @param leaseToken the fencing token of this node's lease on the job
     * @param stopReason why the engine interrupted the handler, once it has
     */
    public JobContext(Job job, String node, Optional<Instant> deadline, OutputTail output, long leaseToken,
                      Supplier<Optional<StopReason>> stopReason) {
        this.job = job;
        this.node = node;
        this.deadline = deadline;
        this.output = output;
        this.leaseToken = leaseToken;
        this.stopReason = stopReason;
    }

    public Job job() {
        return job;
    }

    /** The payload as JSON text. */
    public String payload() {
        return job.payload();
    }

    /** The payload bound to {@code type} with Jackson. */
    public <T> T payloadAs(Class<T> type) {
        try {
            return JSON.readValue(job.payload(), type);
        } catch (JsonProcessingException e) {
            throw new InvalidJobException("payload", "cannot be read as " + type.getSimpleName() + ": " + e.getOriginalMessage());
        }
    }

    /** 1 for the first attempt. */
    public int attempt() {
        return job.attempts();
    }

    /** The node running this attempt. */
    public String node() {
        return node;
    }

    /** When this attempt times out, if the job has a timeout. */
    public Optional<Instant> deadline() {
        return deadline;
    }

    /**
     * Sets this attempt's result, JSON text: a workflow step's output, which later steps read as
     * {@code {{steps.NAME.output}}}. At most {@code max-step-output-bytes}; a larger one fails the attempt.
     */
    public void result(String json) {
        this.result = json;
    }

    /** The result set with {@link #result(String)}, if any. */
    public Optional<String> result() {
        return Optional.ofNullable(result);
    }

    /** The fencing token of this node's lease on the job, e.g. for labelling work started outside the node. */
    public long leaseToken() {
        return leaseToken;
    }

    /** Why the engine interrupted this handler (timeout, cancel, lost lease, shutdown); empty until it does. */
    public Optional<StopReason> stopReason() {
        return stopReason.get();
    }

    /** Appends to the attempt's output; the tail of it is stored with the attempt. */
    public void output(CharSequence text) {
        output.append(text);
    }
}
