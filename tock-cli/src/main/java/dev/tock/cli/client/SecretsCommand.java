package dev.tock.cli.client;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tock secrets}: values that executors reference with {@code valueFrom.secretKeyRef}; never shown back. */
@Command(name = "secrets", mixinStandardHelpOptions = true,
        description = {"Create, list, inspect and delete secrets: values encrypted on the server, which webhook headers and "
                + "command variables reference with valueFrom.secretKeyRef. Values go in and never come out: list and get show "
                + "names, keys and an opaque version. tock secrets rotate-key re-encrypts every value under a new key."},
        subcommands = {SecretsCommand.Create.class, SecretsCommand.ListSecrets.class, SecretsCommand.Get.class,
                SecretsCommand.Delete.class})
public final class SecretsCommand extends ClientCommand.Group {

    /** A command about one secret, named by the first parameter. */
    abstract static class Named extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Secret name")
        String name;

        String path() {
            return ApiPaths.secret(namespace(), name);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates a secret, or replaces all the values of one that exists, from literals and files. "
                    + "A value given with --from-literal is visible to other users of this machine while the command runs, "
                    + "and may stay in the shell's history: prefer --from-file (- reads standard input)."})
    public static final class Create extends Named {
        @Option(names = "--from-literal", paramLabel = "KEY=VALUE", description = "A value given on the command line (repeatable)")
        List<String> literals = new ArrayList<>();

        @Option(names = "--from-file", paramLabel = "KEY=PATH",
                description = "A value read from a file, as UTF-8 text; PATH - reads standard input (repeatable)")
        List<String> files = new ArrayList<>();

        @Override
        protected int run(TockClient client, Printer printer) {
            Map<String, String> values = new TreeMap<>();
            literals.forEach(pair -> put(values, "--from-literal", pair, value -> value));
            files.forEach(pair -> put(values, "--from-file", pair, Create::read));
            if (values.isEmpty()) {
                throw new UsageException("give at least one value: --from-literal KEY=VALUE or --from-file KEY=PATH");
            }
            ObjectNode body = Jsons.JSON.createObjectNode();
            ObjectNode stringData = body.putObject("stringData");
            values.forEach(stringData::put);
            TockClient.Reply reply = client.put(path(), body);
            String outcome = reply.created() ? "created" : reply.body().path("changed").asBoolean(true) ? "replaced" : "unchanged";
            printer.done(ref("secret", name) + " " + outcome, reply.body());
            return ExitCode.OK;
        }

        private static void put(Map<String, String> values, String option, String pair, java.util.function.UnaryOperator<String> value) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new UsageException(option + " takes KEY=" + (option.equals("--from-file") ? "PATH" : "VALUE")
                        + ", e.g. " + option + " password=" + (option.equals("--from-file") ? "./password.txt" : "..."));
            }
            String key = pair.substring(0, equals);
            if (values.put(key, value.apply(pair.substring(equals + 1))) != null) {
                throw new UsageException("key " + key + " is given twice");
            }
        }

        private static String read(String path) {
            try {
                byte[] bytes = path.equals("-") ? System.in.readAllBytes() : Files.readAllBytes(Path.of(path));
                return new String(bytes, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UsageException("cannot read " + path + ": " + e.getMessage(), e);
            }
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the namespace's secrets: names, keys, version; never values.")
    public static final class ListSecrets extends ClientCommand {
        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(ApiPaths.secrets(namespace())), Views.SECRETS);
            return ExitCode.OK;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows one secret's keys, version and times; never its values.")
    public static final class Get extends Named {
        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(path()), Views.SECRET);
            return ExitCode.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true,
            description = "Deletes a secret; jobs that reference it fail their next attempts.")
    public static final class Delete extends Named {
        @Override
        protected int run(TockClient client, Printer printer) {
            client.delete(path());
            printer.done(ref("secret", name) + " deleted", null);
            return ExitCode.OK;
        }
    }
}
