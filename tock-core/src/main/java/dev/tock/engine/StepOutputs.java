package dev.tock.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tock.handler.PermanentFailure;
import dev.tock.model.JsonText;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Checks a workflow step's output before it is recorded: JSON, and no larger than {@code max-step-output-bytes}. */
final class StepOutputs {
    private final int maxBytes;

    StepOutputs(int maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * @return the output to record
     * @throws PermanentFailure when it is too large or not JSON: the attempt fails, with no retry (it would fail again)
     */
    Optional<String> check(Optional<String> output) {
        if (output.isEmpty()) {
            return output;
        }
        int bytes = output.get().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > maxBytes) {
            throw new PermanentFailure("step output is " + bytes + " bytes, over max-step-output-bytes (" + maxBytes + ")");
        }
        try {
            JsonText.read(output.get());
        } catch (JsonProcessingException e) {
            throw new PermanentFailure("step output is not JSON: " + e.getOriginalMessage());
        }
        return output;
    }
}
