package dev.tock.deploy;

import dev.tock.handler.JobHandler;
import dev.tock.handler.HandlerProvider;
import java.util.Map;

/**
 * The job type {@code test.sleep} ({@code {"millis": N}}: runs that long, interruptibly), so that a pod-like
 * worker has a job running when it is told to stop. {@link PodStartTest} copies this class and this module's
 * {@code META-INF/services} file into the worker pod's image folder and puts it on the class path beside the
 * shaded jar: added to the image the way a deployment adds its own handlers. No test here starts a server in
 * its own JVM, and the other pods are started without that folder, so nothing else gets the type.
 */
public final class SleepHandlerProvider implements HandlerProvider {

    @Override
    public Map<String, JobHandler> handlers() {
        return Map.of("test.sleep", ctx -> Thread.sleep(ctx.payloadAs(Sleep.class).millis()));
    }

    /** The payload of a {@code test.sleep} job. */
    public record Sleep(long millis) {
    }
}
