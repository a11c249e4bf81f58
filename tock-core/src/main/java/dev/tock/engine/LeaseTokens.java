package dev.tock.engine;

import dev.tock.model.LeaseRef;
import dev.tock.model.LeasedJob;
import dev.tock.model.WorkerLease;
import dev.tock.model.WorkerLeasedJob;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The lease tokens external workers get: {@code <fencing token>.<mac>}, the mac being HMAC-SHA256 of the
 * job id and fencing token under the cluster's lease token key, cut to 128 bits (base64url). The fencing
 * token counts up and can be guessed; the mac cannot, so a caller holding a worker token for the queue
 * cannot report on a job another worker holds. Any node can check a token another node handed out, and
 * nothing is stored per lease. A token that does not check out stands for no lease at all.
 */
final class LeaseTokens {
    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 16;
    /** Ties the mac to this use of the key. */
    private static final byte[] PURPOSE = "tock lease token v1".getBytes(StandardCharsets.US_ASCII);
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private final Supplier<byte[]> key;
    /** Keyed once; each use works on a clone, as a {@link Mac} is not thread-safe. */
    private volatile Mac keyed;

    /** {@code key} is read from the store on first use. */
    LeaseTokens(Supplier<byte[]> key) {
        this.key = key;
    }

    /** {@code leased} with the token its worker reports on it with. */
    WorkerLeasedJob handOut(LeasedJob leased) {
        LeaseRef lease = leased.lease();
        return new WorkerLeasedJob(leased, lease.leaseToken() + "." + ENCODER.encodeToString(mac(lease)));
    }

    /** The lease {@code presented} stands for, when a node handed its token out for that job; else empty. */
    Optional<LeaseRef> verify(WorkerLease presented) {
        String token = presented.leaseToken();
        int dot = token.indexOf('.');
        if (dot < 1) {
            return Optional.empty();
        }
        try {
            LeaseRef lease = new LeaseRef(presented.jobId(), Long.parseLong(token.substring(0, dot)));
            byte[] given = DECODER.decode(token.substring(dot + 1));
            return MessageDigest.isEqual(given, mac(lease)) ? Optional.of(lease) : Optional.empty();
        } catch (IllegalArgumentException e) { // not a number, not base64url
            return Optional.empty();
        }
    }

    private byte[] mac(LeaseRef lease) {
        Mac mac = keyedMac();
        mac.update(PURPOSE);
        mac.update(ByteBuffer.allocate(3 * Long.BYTES).putLong(lease.jobId().value().getMostSignificantBits())
                .putLong(lease.jobId().value().getLeastSignificantBits()).putLong(lease.leaseToken()).flip());
        return Arrays.copyOf(mac.doFinal(), MAC_BYTES);
    }

    private Mac keyedMac() {
        try {
            Mac prototype = keyed;
            if (prototype == null) {
                prototype = Mac.getInstance(ALGORITHM);
                prototype.init(new SecretKeySpec(key.get(), ALGORITHM));
                keyed = prototype;
            }
            return (Mac) prototype.clone();
        } catch (GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException(ALGORITHM + " is part of every Java runtime", e);
        }
    }
}
