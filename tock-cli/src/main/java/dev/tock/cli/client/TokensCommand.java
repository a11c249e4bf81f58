package dev.tock.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tock tokens}: create, list and revoke API tokens (needs an admin token for every namespace). */
@Command(name = "tokens", mixinStandardHelpOptions = true,
        description = {"Creates, lists and revokes API tokens. Needs an admin token scoped to every namespace (*).",
                "Roles: admin (everything in its namespaces; with * also namespaces, tokens and the audit log), "
                        + "operator (run, cancel, retry, trigger, pause), viewer (read), worker (lease and finish jobs "
                        + "of its queues)."},
        subcommands = {TokensCommand.Create.class, TokensCommand.ListTokens.class, TokensCommand.Revoke.class})
public final class TokensCommand extends ClientCommand.Group {
    static final String PATH = "/v1/tokens";

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates a token and prints its secret: it is shown this once and never again."})
    public static final class Create extends ClientCommand {
        @Parameters(paramLabel = "NAME", description = "Token name, unique: lower-case letters, digits and '-'")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "admin, operator, viewer or worker")
        String role;

        @Option(names = "--scope", split = ",", paramLabel = "NAMESPACE",
                description = "Namespaces it may act in, comma-separated, or '*' for all (default: the -n namespace)")
        List<String> scope;

        @Option(names = "--queue", split = ",", paramLabel = "QUEUE", description = "Worker tokens: only these queues (default: all)")
        List<String> queues;

        @Option(names = "--expires-in", paramLabel = "DURATION", description = "Stops working after this long, e.g. 30d (default: never)")
        String expiresIn;

        @Override
        protected int run(TockClient client, Printer printer) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("name", name);
            body.put("role", role);
            body.put("namespaces", scope == null || scope.isEmpty() ? List.of(namespace()) : scope);
            if (queues != null) {
                body.put("queues", queues);
            }
            if (expiresIn != null) {
                body.put("expiresIn", expiresIn);
            }
            TockClient.Reply reply = client.post(PATH, body);
            JsonNode token = reply.body().path("token");
            printer.done("token/" + name + " created (id " + token.path("id").asText() + ", " + token.path("role").asText()
                    + " in " + String.join(",", texts(token.path("namespaces"))) + "); its secret, shown only now:\n"
                    + reply.body().path("secret").asText(), reply.body());
            return ExitCode.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists every token, revoked ones too (never their secrets).")
    public static final class ListTokens extends ClientCommand {
        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(PATH), Views.TOKENS);
            return ExitCode.OK;
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revokes a token by id or name: it stops working at once (within seconds on other nodes).")
    public static final class Revoke extends ClientCommand {
        @Parameters(paramLabel = "ID|NAME", description = "The token's id or name")
        String token;

        @Override
        protected int run(TockClient client, Printer printer) {
            TockClient.Reply reply = client.post(PATH + "/" + ApiPaths.segment(token) + "/revoke", null);
            printer.done("token/" + reply.body().path("name").asText() + " revoked", reply.body());
            return ExitCode.OK;
        }
    }

    static List<String> texts(JsonNode array) {
        List<String> values = new java.util.ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }
}
