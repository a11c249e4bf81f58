package dev.tock.monitor;

import java.time.Instant;

/** One ping a monitor received. */
public record Ping(PingKind kind, Instant at) {
}
