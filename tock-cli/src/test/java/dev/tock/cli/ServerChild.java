package dev.tock.cli;

/**
 * {@code tock} in a child JVM with one extra job type, {@code test.sleep}, whose payload
 * {@code {"millis": N}} says how long it runs (interruptibly).
 */
public final class ServerChild {
    private ServerChild() {
    }

    public static void main(String[] args) {
        ServerCommand.handlers = builder -> builder.handler("test.sleep", ctx -> {
            Thread.sleep(ctx.payloadAs(Sleep.class).millis());
        });
        TockCommand.main(args);
    }

    /** The payload of a {@code test.sleep} job. */
    public record Sleep(long millis) {
    }
}
