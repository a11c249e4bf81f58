package dev.tock.cli.client;

import picocli.CommandLine.Option;

/** The options every client command takes: which server, which namespace, how to print. */
public final class ClientOptions {

    @Option(names = "--server", paramLabel = "URL", defaultValue = "${env:TOCK_SERVER:-http://127.0.0.1:8080}",
            description = "Tock server to talk to (env TOCK_SERVER; default: http://127.0.0.1:8080)")
    String server;

    @Option(names = "--token", paramLabel = "TOKEN", defaultValue = "${env:TOCK_TOKEN}",
            description = "API token, sent as Authorization: Bearer (env TOCK_TOKEN; prefer the variable: options show in process lists)")
    String token;

    @Option(names = {"-n", "--namespace"}, paramLabel = "NAMESPACE", defaultValue = "default",
            description = "Namespace of the resources (default: ${DEFAULT-VALUE})")
    String namespace;

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

    public String namespace() {
        return namespace;
    }

    public OutputFormat output() {
        return output;
    }
}
