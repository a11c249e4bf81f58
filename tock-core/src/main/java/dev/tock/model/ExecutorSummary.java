package dev.tock.model;

import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * One line that says what runs a job, for people: the handler of its type, the request
 * ({@code POST https://...}), the command ({@code $ /usr/bin/backup --full}), or the image and the
 * Kubernetes Job of its latest attempt. Nothing secret: URLs carry no user info, and commands and images
 * are shown as the spec gives them.
 */
public final class ExecutorSummary {
    private static final int MAX_CHARS = 300;
    private static final Pattern PLAIN_ARGUMENT = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ExecutorSummary() {
    }

    public static String of(Job job) {
        if (job.executor().isEmpty()) {
            return "handler of type " + job.type();
        }
        String text = switch (job.executor().get()) {
            case HttpExecutor h -> h.method() + " " + h.url();
            case CommandExecutor c -> "$ " + shell(c.commandLine());
            case KubernetesExecutor k -> "image " + String.join(", ", k.images()) + (job.attempts() == 0
                    ? " as a Kubernetes Job in " + k.namespace()
                    : " as Kubernetes Job " + k.namespace() + "/" + KubernetesExecutor.jobName(job.id(), job.attempts()));
        };
        return text.length() <= MAX_CHARS ? text : text.substring(0, MAX_CHARS) + "…";
    }

    private static String shell(List<String> argv) {
        return argv.stream().map(a -> PLAIN_ARGUMENT.matcher(a).matches() ? a : "'" + a.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
    }
}
