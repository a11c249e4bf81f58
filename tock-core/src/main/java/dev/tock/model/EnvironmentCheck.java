package dev.tock.model;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checks an executor's {@code env} passes at creation, shared by the command and Kubernetes executors:
 * at most {@code max} variables, names of the executor's syntax, none starting with {@code TOCK_}, and each
 * name given once, as a value or from a secret.
 *
 * @param names the names the executor's environment accepts
 * @param namesRule how to say that rule in an error, e.g. {@code letters, digits, _}
 */
record EnvironmentCheck(int max, Pattern names, String namesRule) {

    void check(Map<String, String> env, Map<String, SecretKeyRef> fromSecrets) {
        if (env.size() + fromSecrets.size() > max) {
            throw new InvalidJobException("executor.env", "at most " + max + " variables, got " + (env.size() + fromSecrets.size()));
        }
        Stream.concat(env.keySet().stream(), fromSecrets.keySet().stream()).forEach(name -> {
            if (name == null || !names.matcher(name).matches()) {
                throw new InvalidJobException("executor.env", "\"" + name + "\" is not " + namesRule);
            }
            if (name.toUpperCase(Locale.ROOT).startsWith("TOCK_")) {
                throw new InvalidJobException("executor.env", name + ": names starting with TOCK_ are set by Tock");
            }
        });
        fromSecrets.forEach((name, ref) -> {
            if (env.containsKey(name)) {
                throw new InvalidJobException("executor.env." + name, "is given both as a value and from a secret");
            }
            if (ref == null) {
                throw new InvalidJobException("executor.env." + name, "needs a secretKeyRef");
            }
        });
    }
}
