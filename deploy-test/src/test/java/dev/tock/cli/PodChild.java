package dev.tock.cli;

/**
 * The image's {@code tock} with one job type more, {@code test.sleep} ({@code {"millis": N}}), so that a
 * pod-like worker has a job running when it is told to stop. Run from the shaded jar plus this class.
 */
public final class PodChild {
    private PodChild() {
    }

    public static void main(String[] args) {
        ServerCommand.handlers = builder -> builder.handler("test.sleep", ctx -> Thread.sleep(ctx.payloadAs(Sleep.class).millis()));
        TockCommand.main(args);
    }

    /** The payload of a {@code test.sleep} job. */
    public record Sleep(long millis) {
    }
}
