package dev.tock.executor;

import dev.tock.handler.AttemptFailure;
import dev.tock.model.Job;
import dev.tock.model.SecretKeyRef;
import dev.tock.secret.SecretResolver;
import dev.tock.secret.SecretUnavailableException;
import java.util.Map;

/** Reads the Secret values an attempt needs just before it runs; one that is unavailable fails the attempt in one line. */
final class SecretLookup {
    private SecretLookup() {
    }

    /**
     * The values of {@code refs} in the job's namespace, by the same names.
     *
     * @param what what the names are, for the error: {@code header} or {@code variable}
     * @throws AttemptFailure (retryable: the Secret may be restored) naming the name and the Secret
     */
    static Map<String, String> values(SecretResolver secrets, Job job, Map<String, SecretKeyRef> refs, String what) {
        if (refs.isEmpty()) {
            return Map.of();
        }
        try {
            return secrets.resolveAll(job.namespace(), refs, what);
        } catch (SecretUnavailableException e) {
            throw AttemptFailure.retryable(e.getMessage());
        }
    }
}
