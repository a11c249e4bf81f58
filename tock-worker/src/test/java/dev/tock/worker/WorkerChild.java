package dev.tock.worker;

import java.net.URI;
import java.time.Duration;

/**
 * A worker in a child JVM for the crash test: it leases jobs of queue {@code crash} and hangs in each,
 * printing {@code RUNNING <id>}, until it is killed.
 */
public final class WorkerChild {
    private WorkerChild() {
    }

    public static void main(String[] args) throws Exception {
        Worker.builder(URI.create(args[0])).token(args[1]).name("doomed").queue("crash").concurrency(4)
                .leaseDuration(Duration.ofSeconds(2)).heartbeatInterval(Duration.ofMillis(500))
                .handler("work", job -> {
                    System.out.println("RUNNING " + job.id());
                    System.out.flush();
                    Thread.sleep(Long.MAX_VALUE);
                })
                .build().start();
        Thread.sleep(Long.MAX_VALUE);
    }
}
