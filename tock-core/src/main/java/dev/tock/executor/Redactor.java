package dev.tock.executor;

import dev.tock.model.HttpExecutor;
import dev.tock.model.Secrets;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/** Keeps secret header values out of what an HTTP attempt records: its output and error. */
final class Redactor {
    /** Shorter values are not searched for: they would match ordinary text. */
    private static final int MIN_SECRET_LENGTH = 6;
    private final List<String> secrets = new ArrayList<>();

    Redactor(HttpExecutor spec) {
        spec.headers().forEach((name, value) -> {
            if (spec.isSecret(name)) {
                add(value);
                int space = value.lastIndexOf(' ');
                if (space >= 0) {
                    add(value.substring(space + 1)); // the credential of "Bearer abc…"
                }
            }
        });
        secrets.sort((a, b) -> b.length() - a.length());
    }

    private void add(String value) {
        if (value.length() >= MIN_SECRET_LENGTH) {
            secrets.add(value);
        }
    }

    String redact(String text) {
        String out = text;
        for (String secret : secrets) {
            out = out.replace(secret, Secrets.REDACTED);
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
