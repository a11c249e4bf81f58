package dev.tock.model;

import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A job's identity: a UUIDv7, so ids sort by creation time and index inserts stay append-mostly.
 */
public record JobId(UUID value) implements Comparable<JobId> {

    public JobId {
        if (value == null) {
            throw new IllegalArgumentException("job id must not be null");
        }
    }

    /** A new time-ordered id for the given epoch millisecond. */
    public static JobId generate(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (epochMillis << 16) | 0x7000L | (random.nextLong() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return new JobId(new UUID(high, low));
    }

    public static JobId generate() {
        return generate(System.currentTimeMillis());
    }

    /** Parses the canonical text form; throws {@link InvalidJobException} on anything else. */
    public static JobId parse(String text) {
        try {
            UUID uuid = UUID.fromString(text);
            // UUID.fromString also accepts short or signed groups, e.g. "1-1-1-1-1"; only the canonical form is an id.
            if (!uuid.toString().equalsIgnoreCase(text)) {
                throw new IllegalArgumentException("not canonical");
            }
            return new JobId(uuid);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new InvalidJobException("id", "not a job id: " + text);
        }
    }

    /** The creation millisecond encoded in a UUIDv7 id. */
    public long epochMillis() {
        return value.getMostSignificantBits() >>> 16;
    }

    @Override
    public int compareTo(JobId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
