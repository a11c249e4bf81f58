package dev.tock.model;

import java.time.Instant;

/** A job just leased to this node: its state is running and {@code lease} proves the claim. */
public record LeasedJob(Job job, LeaseRef lease, Instant leasedAt, Instant leaseExpiresAt) {
}
