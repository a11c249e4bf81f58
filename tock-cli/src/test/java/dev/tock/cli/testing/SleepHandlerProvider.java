package dev.tock.cli.testing;

import dev.tock.handler.JobHandler;
import dev.tock.handler.HandlerProvider;
import java.util.Map;

/**
 * The job type {@code test.sleep} for {@code tock server} in a child JVM: its payload {@code {"millis": N}} says
 * how long a job runs (interruptibly), so that a test has jobs running when it stops the server.
 *
 * <p>Registered in this module's test resources, so every test JVM finds it; it contributes only when the JVM
 * was started with {@code -Dtock.test.sleep-handler=true}, as {@code ServerProcess} starts its child, so that a
 * server another test starts in-process keeps exactly the handlers that test gives it.
 */
public final class SleepHandlerProvider implements HandlerProvider {
    /** The system property that switches the handler on. */
    public static final String SWITCH = "tock.test.sleep-handler";
    public static final String TYPE = "test.sleep";

    @Override
    public Map<String, JobHandler> handlers() {
        if (!Boolean.getBoolean(SWITCH)) {
            return Map.of();
        }
        return Map.of(TYPE, ctx -> Thread.sleep(ctx.payloadAs(Sleep.class).millis()));
    }

    /** The payload of a {@code test.sleep} job. */
    public record Sleep(long millis) {
    }
}
