package dev.tock.cli.client;

import java.util.List;

/** The table columns of each kind of answer. */
public final class Views {
    public static final TableView JOBS = new TableView("jobs", "jobs", true, List.of(
            Column.field("ID", "id"), Column.field("TYPE", "type"), Column.field("QUEUE", "queue"),
            Column.field("STATE", "state"), Column.field("ATTEMPTS", "attempts"), Column.time("RUN AT", "runAt"),
            Column.time("CREATED", "createdAt")));
    /** One job: the list's columns and what runs it (handler, URL, command, or image and Kubernetes Job). */
    public static final TableView JOB = new TableView(null, "jobs", true, java.util.stream.Stream.concat(JOBS.columns().stream(),
            java.util.stream.Stream.of(Column.field("RUNS", "runs"))).toList());

    public static final TableView ATTEMPTS = new TableView("attempts", "attempts", true, List.of(
            Column.field("#", "number"), Column.field("NODE", "node"), Column.time("STARTED", "startedAt"),
            Column.time("ENDED", "endedAt"), Column.field("OUTCOME", "outcome"), Column.brief("ERROR", "error")));

    public static final TableView SCHEDULES = new TableView("schedules", "schedules", true, List.of(
            Column.field("NAME", "name"), Column.field("SCHEDULE", "schedule"), Column.field("TIME ZONE", "timeZone"),
            Column.field("SUSPENDED", "suspend"), Column.field("JOB TYPE", "jobTemplate.type"), Column.field("WORKFLOW", "workflow"),
            Column.time("LAST FIRE", "lastNominalTime"), Column.brief("DESCRIPTION", "description")));
    public static final TableView SCHEDULE = SCHEDULES.single();

    public static final TableView RUNS = new TableView("runs", "runs", true, List.of(
            Column.time("NOMINAL TIME", "nominalTime"), Column.field("OUTCOME", "outcome"), Column.field("MANUAL", "manual"),
            Column.field("JOB", "job"), Column.field("JOB STATE", "jobState"), Column.field("NODE", "node")));
    public static final TableView RUN = RUNS.single();

    public static final TableView PREVIEW = new TableView("times", "fire times", true, List.of(
            Column.field("UTC", "utc"), Column.field("LOCAL", "local")));

    public static final TableView QUEUES = new TableView("queues", "queues", true, List.of(
            Column.field("NAME", "name"), Column.field("MAX RUNNING", "maxRunning"), Column.field("PAUSED", "paused"),
            Column.count("SCHEDULED", "jobs.scheduled"), Column.count("READY", "jobs.ready"),
            Column.count("LEASED", "jobs.leased"), Column.count("RUNNING", "jobs.running"), Column.count("DEAD", "jobs.dead"),
            Column.field("START LAG", "startLag")));
    /** One queue, with its key sharing and the running counts of its busiest keys. */
    public static final TableView QUEUE = new TableView(null, "queues", true, java.util.stream.Stream.concat(
            QUEUES.columns().stream(), java.util.stream.Stream.of(
                    Column.field("PER KEY MAX", "perKeyMaxRunning"), Column.field("RATE", "rateLimit.rate"),
                    Column.field("PER KEY RATE", "perKeyRate.rate"),
                    new Column("FAIR", item -> item.hasNonNull("fairness") ? "yes" : ""),
                    new Column("RUNNING BY KEY", item -> keyCounts(item.path("runningByKey"))))).toList());

    private static String keyCounts(com.fasterxml.jackson.databind.JsonNode counts) {
        List<String> parts = new java.util.ArrayList<>();
        counts.fields().forEachRemaining(e -> parts.add((e.getKey().isEmpty() ? "\"\"" : e.getKey()) + "=" + e.getValue().asLong()));
        return String.join(",", parts);
    }

    public static final TableView SECRETS = new TableView("secrets", "secrets", true, List.of(
            Column.field("NAME", "name"), new Column("KEYS", item -> String.join(",", TokensCommand.texts(item.path("keys")))),
            Column.field("VERSION", "version"), Column.time("CREATED", "createdAt"), Column.time("UPDATED", "updatedAt")));
    public static final TableView SECRET = SECRETS.single();

    public static final TableView ALERTS = new TableView("alerts", "alerts", true, List.of(
            Column.field("ID", "id"), Column.field("STATE", "state"), Column.field("SEVERITY", "severity"), Column.field("RULE", "rule"),
            Column.field("CONDITION", "condition"), Column.field("SUBJECT", "subject"), Column.time("FIRED", "firedAt"),
            Column.time("RESOLVED", "resolvedAt"), Column.field("ACKED BY", "acknowledgedBy"), Column.brief("SUMMARY", "summary")));
    public static final TableView ALERT = ALERTS.single();

    public static final TableView SILENCES = new TableView("items", "silences", true, List.of(
            Column.field("NAME", "name"), new Column("RULE", item -> item.path("spec").path("rule").asText()),
            new Column("SUBJECT", item -> item.path("spec").path("subject").asText()),
            new Column("UNTIL", item -> item.path("spec").path("until").asText("")),
            new Column("CRON", item -> item.path("spec").path("cron").asText("")),
            new Column("DURATION", item -> item.path("spec").path("duration").asText("")),
            new Column("COMMENT", item -> item.path("spec").path("comment").asText(""))));

    public static final TableView MONITORS = new TableView("monitors", "monitors", true, List.of(
            Column.field("NAME", "name"), new Column("CRON", item -> item.path("spec").path("cron").asText()),
            new Column("TIME ZONE", item -> item.path("spec").path("timeZone").asText()),
            new Column("GRACE", item -> item.path("spec").path("grace").asText()), Column.time("CREATED", "createdAt")));
    public static final TableView MONITOR = MONITORS.single();
    private static final Column WORKFLOW_STEPS = new Column("STEPS", item -> String.valueOf(item.path("spec").path("steps").size()));
    public static final TableView WORKFLOWS = new TableView("workflows", "workflows", true, List.of(
            Column.field("NAME", "name"), WORKFLOW_STEPS, Column.field("LATEST RUN", "latestRun.state"),
            Column.time("STARTED", "latestRun.createdAt"), Column.field("RUNNING", "activeRuns"), Column.field("VERSION", "version"),
            Column.time("UPDATED", "updatedAt")));
    public static final TableView WORKFLOW = new TableView(null, "workflows", true, List.of(
            Column.field("NAME", "name"), WORKFLOW_STEPS, Column.field("VERSION", "version"), Column.time("UPDATED", "updatedAt")));

    public static final TableView WORKFLOW_RUNS = new TableView("runs", "workflow runs", true, List.of(
            Column.field("ID", "id"), Column.field("WORKFLOW", "workflow"), Column.field("STATE", "state"),
            Column.time("STARTED", "createdAt"), Column.time("FINISHED", "finishedAt")));
    public static final TableView WORKFLOW_RUN = new TableView("steps", "step instances", true, List.of(
            Column.field("STEP", "step"), Column.field("ITEM", "itemKey"), Column.field("STATE", "state"), Column.field("JOB", "jobId"),
            Column.brief("ERROR", "error")));

    public static final TableView NAMESPACES = new TableView("namespaces", "namespaces", false, List.of(
            Column.field("NAME", "name")));
    public static final TableView NAMESPACE = NAMESPACES.single();

    public static final TableView NODES = new TableView("nodes", "nodes", false, List.of(
            Column.field("ID", "id"), Column.field("ROLES", "roles"), Column.field("VERSION", "version"),
            Column.time("STARTED", "startedAt"), Column.time("LAST SEEN", "lastSeen"), Column.field("SINCE", "sinceLastSeen")));
    public static final TableView NODE = NODES.single();

    public static final TableView TOKENS = new TableView("tokens", "tokens", false, List.of(
            Column.field("NAME", "name"), Column.field("ID", "id"), Column.field("ROLE", "role"),
            new Column("NAMESPACES", item -> String.join(",", TokensCommand.texts(item.path("namespaces")))),
            Column.field("ACTIVE", "active"), Column.time("CREATED", "createdAt"), Column.time("EXPIRES", "expiresAt"),
            Column.time("REVOKED", "revokedAt")));

    public static final TableView AUDIT = new TableView("entries", "audit entries", false, List.of(
            Column.time("AT", "at"), Column.field("TOKEN", "tokenName"), Column.field("METHOD", "method"),
            Column.brief("PATH", "path"), Column.field("STATUS", "status"), Column.field("ADDRESS", "address")));

    private Views() {
    }
}
