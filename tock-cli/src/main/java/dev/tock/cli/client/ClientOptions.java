package dev.tock.cli.client;

import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The options every client command takes: which server, which namespace, how to print. */
public final class ClientOptions {
    /** The variable that names the namespace when no {@code -n} is given. */
    public static final String NAMESPACE_VARIABLE = "TOCK_NAMESPACE";
    public static final String DEFAULT_NAMESPACE = "default";

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:TOCK_SERVER:-http://127.0.0.1:8080}",
            description = "Tock server to talk to (env TOCK_SERVER; default: http://127.0.0.1:8080)")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:TOCK_TOKEN}",
            description = "API token, sent as Authorization: Bearer (env TOCK_TOKEN; prefer the variable: options show in process lists)")
    String token;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE",
            description = "Namespace of the resources (default: tock -n before the command, else env TOCK_NAMESPACE, else default)")
    String namespace;

    /** The command these options belong to, to find the {@code -n} given before it ({@code tock -n team-a jobs list}). */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    @Option(names = {"-o", "--output"}, paramLabel = "FORMAT", defaultValue = "table", converter = OutputFormat.Converter.class,
            completionCandidates = OutputFormat.Names.class,
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    OutputFormat output;

    public String server() {
        return server;
    }

    /** The API token, when one is given. */
    public java.util.Optional<String> token() {
        return java.util.Optional.ofNullable(token).map(String::strip).filter(t -> !t.isEmpty());
    }

    /**
     * The namespace, as kubectl finds it: {@code -n} after the command, else {@code -n} before it (the
     * {@code tock} command's, which itself defaults to {@value #NAMESPACE_VARIABLE}), else {@value #DEFAULT_NAMESPACE}.
     */
    public String namespace() {
        if (namespace != null) {
            return namespace;
        }
        return rootNamespace().orElseGet(() -> {
            String fromEnvironment = System.getenv(NAMESPACE_VARIABLE);
            return fromEnvironment == null || fromEnvironment.isBlank() ? DEFAULT_NAMESPACE : fromEnvironment;
        });
    }

    private Optional<String> rootNamespace() {
        if (command == null) {
            return Optional.empty();
        }
        CommandLine root = command.commandLine();
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return Optional.ofNullable(root.getCommandSpec().findOption("--namespace")).map(o -> o.<String>getValue());
    }

    public OutputFormat output() {
        return output;
    }
}
