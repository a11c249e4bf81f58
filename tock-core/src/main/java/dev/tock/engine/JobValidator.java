package dev.tock.engine;

import dev.tock.model.CommandExecutor;
import dev.tock.model.Executor;
import dev.tock.model.HttpExecutor;
import dev.tock.model.InvalidJobException;
import dev.tock.model.JobTemplate;
import dev.tock.model.KubernetesExecutor;
import dev.tock.model.NewJob;
import dev.tock.model.Redaction;
import dev.tock.model.SecretKeyRef;
import dev.tock.secret.StoredSecret;
import dev.tock.store.SecretStore;
import java.util.Map;
import java.util.Optional;

/**
 * Checks that this node can accept a job or a schedule's job template: its type has a handler (or is
 * accepted for another node or worker), or its executor is one this node allows, every Secret it
 * references exists with the key it names, and its payload is valid. Jobs and schedules are checked
 * the same way, before anything is stored.
 */
final class JobValidator {
    private final HandlerRegistry handlers;
    private final BuiltInExecutors executors;
    private final PayloadValidator payloads;
    private final SecretStore secrets;

    JobValidator(HandlerRegistry handlers, BuiltInExecutors executors, PayloadValidator payloads, SecretStore secrets) {
        this.handlers = handlers;
        this.executors = executors;
        this.payloads = payloads;
        this.secrets = secrets;
    }

    void validate(NewJob job) {
        requireRunnable(job.namespace(), job.type(), job.executor());
        payloads.validate(job.payload());
    }

    void validate(String namespace, JobTemplate template) {
        requireRunnable(namespace, template.type(), template.executor());
        payloads.validate(template.payload());
    }

    private void requireRunnable(String namespace, String type, Optional<Executor> executor) {
        if (executor.isPresent()) {
            executors.requireAccepted(executor.get());
            refuseRedactedValues(executor.get());
            executor.get().secretRefs().forEach((field, ref) -> requireSecret(namespace, field, ref));
        } else {
            handlers.requireKnown(type);
        }
    }

    private void requireSecret(String namespace, String field, SecretKeyRef ref) {
        StoredSecret secret = secrets.find(namespace, ref.name()).orElseThrow(() -> new InvalidJobException(field,
                "secret " + ref.name() + " does not exist in namespace " + namespace + "; create it first (tock secrets create "
                        + ref.name() + " --from-literal " + ref.key() + "=...)"));
        if (!secret.sealed().values().containsKey(ref.key())) {
            throw new InvalidJobException(field, "secret " + ref.name() + " has no key " + ref.key() + " (keys: "
                    + String.join(", ", secret.sealed().values().keySet()) + ")");
        }
    }

    /**
     * Refuses the placeholder the API shows in place of a secret value: a spec read back and sent again
     * would otherwise store {@value Redaction#REDACTED} as the password. Refusing says so at once, where
     * keeping the stored value would silently pair an old value with a new spec.
     */
    private static void refuseRedactedValues(Executor executor) {
        switch (executor) {
            case HttpExecutor h -> refuseRedacted("executor.headers.", h.headers());
            case CommandExecutor c -> refuseRedacted("executor.env.", c.env());
            case KubernetesExecutor k -> refuseRedacted("executor.env.", k.env());
        }
    }

    private static void refuseRedacted(String field, Map<String, String> plain) {
        plain.forEach((name, value) -> {
            if (value.equals(Redaction.REDACTED)) {
                throw new InvalidJobException(field + name, "is \"" + Redaction.REDACTED + "\", the placeholder Tock shows in"
                        + " place of a secret value; send the value itself, or better keep it in a Secret and reference it:"
                        + " {\"valueFrom\": {\"secretKeyRef\": {\"name\": SECRET, \"key\": KEY}}}");
            }
        });
    }
}
