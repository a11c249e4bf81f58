package dev.tock.executor;

import dev.tock.model.CommandExecutor;
import dev.tock.model.HttpExecutor;
import dev.tock.model.Redaction;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Keeps secret values out of what an attempt records, its output and error: secret header values of an
 * HTTP attempt, and every value read from a Secret (which a command may well print).
 */
final class Redactor {
    /** Shorter values are not searched for: they would match ordinary text. */
    private static final int MIN_SECRET_LENGTH = 6;
    private final List<String> secrets = new ArrayList<>();

    private Redactor() {
    }

    /** For a request with these headers: the secret ones, and those read from Secrets. */
    static Redactor of(HttpExecutor spec, Map<String, String> fromSecrets) {
        Redactor redactor = new Redactor();
        spec.headers().forEach((name, value) -> {
            if (spec.isSecret(name)) {
                redactor.addWithCredential(value);
            }
        });
        fromSecrets.values().forEach(redactor::addWithCredential);
        return redactor.sorted();
    }

    /** For a command: values of variables that look secret, and every value read from a Secret. */
    static Redactor of(CommandExecutor spec, Map<String, String> fromSecrets) {
        Redactor redactor = new Redactor();
        spec.env().forEach((name, value) -> {
            if (Redaction.looksSecret(name)) {
                redactor.add(value);
            }
        });
        fromSecrets.values().forEach(redactor::add);
        return redactor.sorted();
    }

    /** The value, and the credential of {@code "Bearer abc…"}. */
    private void addWithCredential(String value) {
        add(value);
        int space = value.lastIndexOf(' ');
        if (space >= 0) {
            add(value.substring(space + 1));
        }
    }

    private void add(String value) {
        if (value.length() >= MIN_SECRET_LENGTH) {
            secrets.add(value);
        }
    }

    /** Longest first, so that a value containing another is replaced whole. */
    private Redactor sorted() {
        secrets.sort((a, b) -> b.length() - a.length());
        return this;
    }

    String redact(String text) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, Redaction.REDACTED);
        }
        return out;
    }

    /** A URL as attempts and logs show it: without query and fragment, which may carry tokens. */
    static String shown(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String port = uri.getPort() >= 0 ? ":" + uri.getPort() : "";
        return uri.getScheme() + "://" + uri.getHost() + port + path + (uri.getRawQuery() != null ? "?…" : "");
    }
}
