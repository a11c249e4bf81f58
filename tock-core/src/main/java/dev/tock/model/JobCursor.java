package dev.tock.model;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.UUID;

/**
 * The opaque position of a page of {@link JobQuery} results: the id of the last job on the page,
 * as 22 characters of URL-safe base64. Ids sort by creation, so the next page is the jobs with a
 * smaller id, whatever was enqueued or deleted meanwhile.
 */
public final class JobCursor {
    private static final int ENCODED_LENGTH = 22;

    private JobCursor() {
    }

    /** The cursor of the page that starts after {@code last}. */
    public static String after(JobId last) {
        ByteBuffer bytes = ByteBuffer.allocate(16);
        bytes.putLong(last.value().getMostSignificantBits()).putLong(last.value().getLeastSignificantBits());
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
    }

    /**
     * The job id a cursor stands for.
     *
     * @throws InvalidQueryException naming {@code cursor} when Tock did not make it
     */
    public static JobId decode(String cursor) {
        if (cursor == null || cursor.length() != ENCODED_LENGTH) {
            throw invalid();
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(cursor);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        JobId id = new JobId(new UUID(buffer.getLong(), buffer.getLong()));
        if (!after(id).equals(cursor)) {
            // Base64 leaves slack in the last character; only the form Tock writes is a cursor.
            throw invalid();
        }
        return id;
    }

    private static InvalidQueryException invalid() {
        return new InvalidQueryException("cursor", "not a cursor from a previous page; start again without one");
    }
}
