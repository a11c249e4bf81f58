package dev.tock.executor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tock.handler.JobContext;
import dev.tock.handler.PermanentFailure;
import dev.tock.model.Job;
import dev.tock.model.JsonText;
import dev.tock.workflow.StepLabels;

/**
 * A workflow step that asks for it ({@code output: body} or {@code output: stdout}) records its HTTP response body or
 * its command's standard output as its output: JSON as it is, any other text as a JSON string. More than
 * {@code max-step-output-bytes} fails the attempt.
 */
final class StepCapture {
    private static final ObjectMapper JSON = new ObjectMapper();

    private StepCapture() {
    }

    static boolean wanted(Job job, String what) {
        return StepLabels.outputCapture(job).filter(what::equals).isPresent();
    }

    /** Room to keep: the whole of an output at the bound, and one byte more to tell one over it. */
    static int capacity(Job job, String what, int tailCapacity, int maxBytes) {
        return wanted(job, what) ? Math.max(tailCapacity, maxBytes + 1) : tailCapacity;
    }

    static void record(JobContext ctx, String what, ByteTail kept, int maxBytes) {
        if (!wanted(ctx.job(), what)) {
            return;
        }
        if (kept.total() > maxBytes) {
            throw new PermanentFailure("the " + what + " is " + kept.total() + " bytes, over max-step-output-bytes (" + maxBytes + ")");
        }
        String text = kept.text(Integer.MAX_VALUE);
        try {
            JsonText.read(text);
            ctx.result(text.isBlank() ? "null" : text);
        } catch (JsonProcessingException e) {
            ctx.result(JSON.getNodeFactory().textNode(text).toString());
        }
    }
}
