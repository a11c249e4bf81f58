package dev.tock.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tock alerts}: what fired, acknowledging it, silences, and a test message through a channel. */
@Command(name = "alerts", mixinStandardHelpOptions = true,
        description = {"List and inspect alerts, acknowledge them, silence rules and subjects for a while, and send a test "
                + "message through a channel. Rules (kind: AlertRule) and channels (kind: AlertChannel) are declared with "
                + "tock apply or the API. See docs/alerts.md."},
        subcommands = {AlertsCommand.ListAlerts.class, AlertsCommand.Get.class, AlertsCommand.Ack.class, AlertsCommand.Silence.class,
                AlertsCommand.Silences.class, AlertsCommand.Unsilence.class, AlertsCommand.Test.class})
public final class AlertsCommand extends ClientCommand.Group {

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Lists the namespace's alerts, newest first.")
    public static final class ListAlerts extends ClientCommand {
        @Option(names = "--state", paramLabel = "STATE", description = "firing or resolved (default: both)")
        String state;

        @Option(names = "--limit", paramLabel = "N", description = "At most this many (default 100)")
        int limit = 100;

        @Override
        protected int run(TockClient client, Printer printer) {
            Query query = Query.of().add("limit", String.valueOf(limit));
            if (state != null) {
                query.add("state", state);
            }
            printer.print(client.get(query.on(ApiPaths.alerts(namespace()))), Views.ALERTS);
            return ExitCode.OK;
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Shows one alert; -o json adds its notifications.")
    public static final class Get extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "Alert id")
        String id;

        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(ApiPaths.alert(namespace(), id)), Views.ALERT);
            return ExitCode.OK;
        }
    }

    @Command(name = "ack", mixinStandardHelpOptions = true,
            description = "Acknowledges an alert: it stays firing until its condition clears, but is not repeated (reAlert).")
    public static final class Ack extends ClientCommand {
        @Parameters(index = "0", paramLabel = "ID", description = "Alert id")
        String id;

        @Override
        protected int run(TockClient client, Printer printer) {
            TockClient.Reply reply = client.post(ApiPaths.alert(namespace(), id) + "/ack", Jsons.JSON.createObjectNode());
            printer.done(ref("alert", id) + " acknowledged", reply.body());
            return ExitCode.OK;
        }
    }

    @Command(name = "silence", mixinStandardHelpOptions = true,
            description = {"Creates or replaces a silence: while it is active, matching alerts are recorded but not notified. "
                    + "Give --for or --until for a one-off, or --cron with --duration (and --zone) for a recurring maintenance window."})
    public static final class Silence extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Silence name")
        String name;

        @Option(names = "--rule", paramLabel = "RULE", description = "Rule name or pattern with * (default *)")
        String rule = "*";

        @Option(names = "--subject", paramLabel = "SUBJECT", description = "Subject, e.g. schedule/nightly or schedule/report-* (default *)")
        String subject = "*";

        @Option(names = "--for", paramLabel = "DURATION", description = "From now, for this long, e.g. 2h")
        String forDuration;

        @Option(names = "--until", paramLabel = "TIME", description = "Until this time (RFC 3339)")
        String until;

        @Option(names = "--cron", paramLabel = "SPEC", description = "A recurring window opening at each time of this cron spec")
        String cron;

        @Option(names = "--duration", paramLabel = "DURATION", description = "How long each recurring window lasts")
        String duration;

        @Option(names = "--zone", paramLabel = "ZONE", description = "The cron spec's time zone (default UTC)")
        String zone;

        @Option(names = "--comment", paramLabel = "TEXT", description = "Why")
        String comment;

        @Override
        protected int run(TockClient client, Printer printer) {
            ObjectNode body = Jsons.JSON.createObjectNode().put("rule", rule).put("subject", subject);
            if (forDuration != null) {
                if (until != null) {
                    throw new UsageException("give --for or --until, not both");
                }
                body.put("until", Instant.now().plus(CommandLineValues.duration("--for", forDuration)).toString());
            }
            putIf(body, "until", until);
            putIf(body, "cron", cron);
            putIf(body, "duration", duration);
            putIf(body, "zone", zone);
            putIf(body, "comment", comment);
            TockClient.Reply reply = client.put(ApiPaths.alertSilence(namespace(), name), body);
            printer.done(ref("silence", name) + (reply.created() ? " created" : " replaced"), reply.body());
            return ExitCode.OK;
        }

        private static void putIf(ObjectNode body, String field, String value) {
            if (value != null) {
                body.put(field, value);
            }
        }
    }

    @Command(name = "silences", mixinStandardHelpOptions = true, description = "Lists the namespace's silences.")
    public static final class Silences extends ClientCommand {
        @Override
        protected int run(TockClient client, Printer printer) {
            printer.print(client.get(ApiPaths.alertSilences(namespace())), Views.SILENCES);
            return ExitCode.OK;
        }
    }

    @Command(name = "unsilence", mixinStandardHelpOptions = true, description = "Deletes a silence.")
    public static final class Unsilence extends ClientCommand {
        @Parameters(index = "0", paramLabel = "NAME", description = "Silence name")
        String name;

        @Override
        protected int run(TockClient client, Printer printer) {
            client.delete(ApiPaths.alertSilence(namespace(), name));
            printer.done(ref("silence", name) + " deleted", null);
            return ExitCode.OK;
        }
    }

    @Command(name = "test", mixinStandardHelpOptions = true,
            description = "Sends a test message through an alert channel now; exits 1 when the channel did not accept it.")
    public static final class Test extends ClientCommand {
        @Parameters(index = "0", paramLabel = "CHANNEL", description = "Alert channel name")
        String channel;

        @Override
        protected int run(TockClient client, Printer printer) {
            JsonNode result = client.post(ApiPaths.alertChannel(namespace(), channel) + "/test", Jsons.JSON.createObjectNode()).body();
            if (!result.path("delivered").asBoolean()) {
                printer.done(ref("alert channel", channel) + " did not accept the test message: " + result.path("error").asText(), result);
                return ExitCode.REFUSED;
            }
            printer.done(ref("alert channel", channel) + " delivered the test message", result);
            return ExitCode.OK;
        }
    }
}
