package dev.tock.config;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Every setting as documented: its key, its default and what it means, in one table. {@link TockConfig#KEYS}
 * is read from it and {@code docs/configuration.md} is rendered from it ({@code ConfigurationDocTest} fails
 * when the page differs, and rewrites it with {@code -Dtock.docs.write=true}).
 */
public final class ConfigReference {

    /**
     * One row of the table.
     *
     * @param defaultText the default as the page shows it: a value in backticks ({@code `30s`}) or words
     * @param meaning Markdown; links are relative to {@code docs/}
     */
    public record Setting(String key, String defaultText, String meaning) {

        /** The default as {@link TockConfig.Builder#set} takes it, when the page gives it as a value. */
        public Optional<String> defaultValue() {
            boolean literal = defaultText.length() > 2 && defaultText.startsWith("`") && defaultText.endsWith("`")
                    && defaultText.indexOf('`', 1) == defaultText.length() - 1;
            return literal ? Optional.of(defaultText.substring(1, defaultText.length() - 1)) : Optional.empty();
        }
    }

    /** Every setting, in the page's order. */
    public static final List<Setting> SETTINGS = List.of(
            described("node-id", "host name and pid",
                    "Name of this node in leases, attempts and logs"),
            value("db-url", "jdbc:h2:file:./tock-data/tock",
                    "JDBC URL of the store: `jdbc:h2:file:DIR/NAME` (embedded) or `jdbc:postgresql://HOST/DB?user=...`"),
            described("db-schema", "database default",
                    "Database schema for Tock's tables"),
            value("db-pool-size", "16",
                    "Maximum database connections of this node"),
            value("completion-commit", "durable",
                    "Whether leases, completions and heartbeats wait for the disk on PostgreSQL: `durable` (a job reported"
                            + " finished stays finished through a database crash; completions are still group-committed, one"
                            + " flush for many jobs) or `fast` (`synchronous_commit = off`: faster, but a database crash can"
                            + " lose the last acknowledged completions and leases, so finished jobs may run again and a"
                            + " stale worker's report may be accepted; see [Guarantees](guarantees.md)). The embedded store"
                            + " ignores it"),
            value("roles", "api,scheduler,worker",
                    "What this node does, comma-separated: `api` serves the REST API (the server's concern), `scheduler`"
                            + " fires schedules, `worker` leases and runs jobs (and heartbeats and reaps leases). An unknown"
                            + " role fails at start"),
            value("worker-threads", "16",
                    "Jobs this node runs at once (each on a virtual thread)"),
            value("lease-batch-size", "1000",
                    "Most jobs leased in one round trip, and the deepest prefetch: a node holds up to this many jobs beyond"
                            + " its busy workers while its jobs finish faster than a lease round trip, and twice its worker"
                            + " threads (at least 32) while they are slow"),
            value("lease-duration", "30s",
                    "How long a lease lasts without a heartbeat before the job is taken back"),
            value("heartbeat-interval", "10s",
                    "How often running jobs' leases are extended; shorter than `lease-duration`"),
            value("reaper-interval", "5s",
                    "How often expired leases are looked for"),
            value("poll-interval", "1s",
                    "Longest wait between looks for due work when no wake-up arrives"),
            value("maintenance-interval", "1m",
                    "How often the store's housekeeping runs (e.g. vacuuming when PostgreSQL's autovacuum is off)"),
            value("job-retention", "14d",
                    "How long finished jobs are kept (a job's own `retention` wins); on PostgreSQL whole days of history are dropped"),
            value("drain-grace", "30s",
                    "On shutdown, how long running jobs may take to finish before they are released"),
            value("max-payload-bytes", "1048576",
                    "Largest job payload accepted, in bytes of UTF-8 JSON"),
            value("output-tail-chars", "4096",
                    "How much of a job's output is kept on each attempt (the end of it)"),
            value("max-step-output-bytes", "262144",
                    "Largest output a workflow step may record (JSON bytes); a larger one fails the attempt"),
            value("max-fan-out", "10000",
                    "Most items one workflow `forEach` step may fan out to; more fails the step"),
            value("http-executor-enabled", "true",
                    "Whether this node runs jobs whose executor is `http` (webhooks)"),
            value("http-egress-allow", "public",
                    "Hosts the HTTP executor may reach, comma-separated: `public` (any public address), host names,"
                            + " `*.domain`, addresses and CIDR ranges; private, loopback and link-local addresses only when"
                            + " listed"),
            value("command-executor-enabled", "false",
                    "Whether this node accepts and runs jobs whose executor is `command`: off, because it lets whoever can"
                            + " create jobs run programs on the node"),
            value("kubernetes-executor-enabled", "false",
                    "Whether this node accepts and runs jobs whose executor is `kubernetes` (one batch/v1 Job per attempt,"
                            + " see [executors](executors.md#kubernetes-job-executor)): off, because it lets whoever can create jobs"
                            + " run images in the cluster; the node needs the `tock-kubernetes` module and in-cluster or kubeconfig"
                            + " credentials"),
            described("kubernetes-executor-namespaces", "none",
                    "Kubernetes namespaces the Kubernetes executor may create Jobs in, comma-separated; required when it is"
                            + " enabled, and a job naming another namespace is refused at creation"),
            described("secret-key-file", "none",
                    "File holding the key that encrypts [Secrets](security.md#secrets) (AES-256-GCM): base64 of 32 random"
                            + " bytes (`openssl rand -base64 32`) or the 32 bytes themselves, e.g. a mounted Kubernetes Secret."
                            + " Without a key, creating a Secret is refused and jobs that reference one fail; all else works"),
            described("secret-key", "none",
                    "The same key as base64 text, instead of a file; give it as `TOCK_SECRET_KEY`, not on a command line."
                            + " Never logged or shown"),
            value("host", "127.0.0.1",
                    "Address `tock server` binds: `127.0.0.1` (this machine only) or `0.0.0.0` (every interface)"),
            value("port", "8080",
                    "Port of `tock server`'s HTTP API (`0` for any free one)"),
            value("max-request-bytes", "16777216",
                    "Largest HTTP request body accepted (413 beyond); at least `max-payload-bytes`"),
            value("auth", "on",
                    "`on`: every request but /health, /ready, /openapi.json and the login page needs a token; `off` only"
                            + " on a loopback host (see [Security](security.md))"),
            described("tls-keystore", "none (plain HTTP)",
                    "PKCS12 keystore with the server's key and certificate: serve HTTPS"),
            described("tls-keystore-password", "empty",
                    "Password of `tls-keystore`"),
            value("trust-forwarded", "off",
                    "Believe `Forwarded`/`X-Forwarded-*` (client address, https) from a reverse proxy"),
            value("rate-limit", "100",
                    "Requests per second each token may make on average, per node (429 beyond); `0` for no limit"),
            value("rate-limit-burst", "200",
                    "Requests a token may make at once before `rate-limit` applies"),
            value("session-ttl", "8h",
                    "How long a dashboard login lasts (1m-30d)"),
            value("metrics-public", "off",
                    "Serve `/metrics` without a token (else a viewer, operator or admin token for `*`)"),
            value("audit-retention", "90d",
                    "How long audit log entries are kept"));

    private static final String HEADER = """
            <!-- Generated from dev.tock.config.ConfigReference: edit that class, not this page. ConfigurationDocTest
                 fails while the two differ; regenerate with
                 ./build -q -pl tock-core test -Dtest=ConfigurationDocTest -Dtock.docs.write=true -->
            # Configuration

            One typed object, `TockConfig`, with defaults; each setting can be given as an environment variable.
            `tock server` also takes any of them as `--set KEY=VALUE`, and a few as options of their own (see
            [Server and REST API](api.md)).

            | Setting | Environment | Default | Meaning |
            |---|---|---|---|
            """;

    private static final String FOOTER = """

            Durations are written `500ms`, `30s`, `5m`, `2h`, `1d` or ISO-8601 (`PT30S`). A value out of range
            fails at start with a message naming the setting. `TOCK_LOG_LEVEL` sets the log level of the `tock` tool;
            `TOCK_ADMIN_TOKEN` gives `tock server` an admin token's secret and `TOCK_TOKEN` gives the client its
            token (see [Security](security.md)).
            """;

    private ConfigReference() {
    }

    /** The page {@code docs/configuration.md}: the table of settings and the notes that follow it. */
    public static String markdown() {
        return SETTINGS.stream().map(ConfigReference::row).collect(Collectors.joining("\n", HEADER, "\n")) + FOOTER;
    }

    private static String row(Setting s) {
        return "| `" + s.key() + "` | `" + TockConfig.environmentName(s.key()) + "` | " + s.defaultText() + " | "
                + s.meaning() + " |";
    }

    private static Setting value(String key, String defaultValue, String meaning) {
        return new Setting(key, "`" + defaultValue + "`", meaning);
    }

    private static Setting described(String key, String defaultInWords, String meaning) {
        return new Setting(key, defaultInWords, meaning);
    }
}
