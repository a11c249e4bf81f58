package dev.tock.cli;

import java.util.List;

/**
 * SIGTERM and SIGINT ask the server to drain and exit 0 (rather than the JVM's 143); a shutdown hook
 * drains too when the JVM ends for any other reason. {@code sun.misc.Signal} (module jdk.unsupported)
 * is the only way a Java program handles a signal itself; javac warns about it, and where it is
 * missing the shutdown hook still drains (with exit code 143).
 */
final class ShutdownSignals {
    private ShutdownSignals() {
    }

    /**
     * @param onSignal runs when SIGTERM or SIGINT arrives
     * @param onExit runs in a shutdown hook; must be safe to run after {@code onSignal} did its work
     */
    static void install(Runnable onSignal, Runnable onExit) {
        Runtime.getRuntime().addShutdownHook(Thread.ofPlatform().name("tock-shutdown").unstarted(onExit));
        for (String name : List.of("TERM", "INT")) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), signal -> onSignal.run());
            } catch (IllegalArgumentException | UnsupportedOperationException e) {
                // This platform does not let us handle it: the shutdown hook still drains.
            }
        }
    }
}
