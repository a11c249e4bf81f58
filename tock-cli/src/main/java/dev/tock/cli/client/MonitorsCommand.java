package dev.tock.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tock monitors}: heartbeat monitors for work Tock does not run, and their ping tokens. */
@Command(name = "monitors", mixinStandardHelpOptions = true,
        description = {"Create, list, inspect and delete heartbeat monitors: work that runs elsewhere (a Kubernetes CronJob, a "
                + "crontab) pings POST /v1/namespaces/NS/monitors/NAME/ping (also /start, /fail) with the monitor's ping token, "
                + "and alert rules watch it (subject kind monitor). The token is printed once, when it is made."},
        subcommands = {MonitorsCommand.Create.class, MonitorsCommand.ListMonitors.class, MonitorsCommand.Get.class,
                MonitorsCommand.Delete.class, MonitorsCommand.RotateToken.class})
public final class MonitorsCommand extends ClientCommand.Group {

    /** A command about one monitor, named by the first parameter. */
    abstract static class Named extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Monitor name")
        String name;

        String path() {
            return ApiPaths.monitor(namespace(), name);
        }
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Creates a monitor and prints its ping URL and token (once), or replaces the schedule of one that exists.")
    public static final class Create extends Named {
        @Option(names = "--cron", paramLabel = "SPEC", required = true, description = "When pings are expected, e.g. \"0 2 * * *\" or @every 5m")
        String cron;

        @Option(names = "--zone", paramLabel = "ZONE", description = "The cron spec's time zone (default UTC)")
        String zone;

        @Option(names = "--grace", paramLabel = "DURATION", description = "How late a ping may be before it is missed (default 5m)")
        String grace;

        @Override
        protected int run(TockClient client, Printer printer) {
            ObjectNode body = Jsons.JSON.createObjectNode().put("cron", cron);
            if (zone != null) {
                body.put("timeZone", zone);
            }
            if (grace != null) {
                body.put("grace", grace);
            }
            TockClient.Reply reply = client.put(path(), body);
            printer.done(ref("monitor", name) + (reply.created() ? " created" : " replaced") + tokenLine(client, reply.body()), reply.body());
            return ExitCode.OK;
        }
    }

    static String tokenLine(TockClient client, JsonNode monitor) {
        String token = monitor.path("pingToken").asText("");
        if (token.isEmpty()) {
            return "";
        }
        return "\nping token (shown once): " + token + "\nping with: curl -fsS -X POST -H 'Tock-Ping-Token: " + token + "' "
                + client.server() + ApiPaths.monitor(monitor.path("namespace").asText(), monitor.path("name").asText()) + "/ping";
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the namespace's monitors.")
    public static final class ListMonitors extends ClientCommand {
        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(ApiPaths.monitors(namespace())), Views.MONITORS);
            return ExitCode.OK;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows one monitor; -o json adds its latest pings.")
    public static final class Get extends Named {
        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(path()), Views.MONITOR);
            return ExitCode.OK;
        }
    }

    @Command(name = "delete", mixinStandardHelpOptions = true, description = "Deletes a monitor and its pings.")
    public static final class Delete extends Named {
        @Override
        protected int run(TockClient client, Printer printer) {
            client.delete(path());
            printer.done(ref("monitor", name) + " deleted", null);
            return ExitCode.OK;
        }
    }

    @Command(name = "rotate-token", mixinStandardHelpOptions = true,
            description = "Revokes the monitor's ping token and prints a new one (once).")
    public static final class RotateToken extends Named {
        @Override
        protected int run(TockClient client, Printer printer) {
            TockClient.Reply reply = client.post(path() + "/token", Jsons.JSON.createObjectNode());
            printer.done(ref("monitor", name) + " has a new ping token" + tokenLine(client, reply.body()), reply.body());
            return ExitCode.OK;
        }
    }
}
