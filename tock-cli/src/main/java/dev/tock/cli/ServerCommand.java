package dev.tock.cli;

import dev.tock.TockVersion;
import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.http.ServerMetrics;
import dev.tock.http.TockServer;
import dev.tock.model.NodeRole;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tock server}: one node with the REST API, the scheduler and workers, until SIGTERM. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {
                "Runs a Tock node: the REST API under /v1 and the dashboard at /ui/ (role api), schedule firing "
                        + "(role scheduler) and job execution (role worker), plus /health, /ready and /openapi.json.",
                "Without --db it keeps its data in an embedded store under ./tock-data. Every option is also a setting "
                        + "with a TOCK_... variable. Job handlers come from dev.tock.handler.HandlerProvider services on "
                        + "its class path.",
                "On SIGTERM or Ctrl-C it stops leasing, lets running jobs finish within the grace period, releases the "
                        + "rest to other nodes, stops serving and exits 0."})
public final class ServerCommand implements Callable<Integer> {

    /** The environment variable with an admin token's secret, for deployments that provision it. */
    static final String ADMIN_TOKEN_VARIABLE = "TOCK_ADMIN_TOKEN";

    @Option(names = "--roles", split = ",", paramLabel = "ROLE",
            description = "What this node does: api, scheduler, worker (default: all; setting roles, TOCK_ROLES)")
    List<String> roles;

    @Option(names = "--port", description = "HTTP port, 0 for any free one (default: 8080; setting port, TOCK_PORT)")
    Integer port;

    @Option(names = "--host", description = "Address to bind (default: 127.0.0.1; 0.0.0.0 for every interface; setting host, TOCK_HOST)")
    String host;

    @CommandLine.Mixin
    NodeOptions node;

    @Option(names = "--grace", description = "On shutdown, how long running jobs may take to finish, e.g. 30s (setting drain-grace, TOCK_DRAIN_GRACE)")
    String grace;

    @Option(names = "--no-auth", description = "Serve without authentication: accepted only on a loopback --host, with a warning"
            + " (setting auth=off, TOCK_AUTH=off)")
    boolean noAuth;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        TockConfig config = config();
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopRequested = new CountDownLatch(1);
        ServerMetrics metrics = new ServerMetrics();
        Tock.Builder builder = Tock.builder().config(config).acceptAnyType().meterRegistry(metrics.registry());
        ProvidedHandlers.load().forEach(builder::handler);
        Tock tock = builder.build();
        TockServer server;
        try {
            server = TockServer.builder(tock).host(config.host()).port(config.port()).api(config.hasRole(NodeRole.API))
                    .maxRequestBytes(config.maxRequestBytes()).metrics(metrics).adminToken(adminTokenGiven().orElse(null))
                    .build().start();
        } catch (RuntimeException e) {
            tock.stop(java.time.Duration.ZERO);
            throw e;
        }
        tock.start(); // registers the node; leases and runs jobs only as a worker, fires schedules only as a scheduler
        Node node = new Node(tock, server, config, out);
        ShutdownSignals.install(stopRequested::countDown, node::stop);
        String scheme = server.tls() ? "https" : "http";
        // Before the line that says where it listens: whoever waits for that line has the token too.
        printAuthentication(out, server, config);
        out.printf("tock server %s listening on %s://%s:%d (roles %s, %s store, node %s)%n", TockVersion.current(), scheme,
                server.host(), server.port(), roleNames(config), tock.cluster().storeKind(), config.nodeId());
        if (!config.hasRole(NodeRole.WORKER)) {
            out.println("no worker role: this node runs no jobs");
        }
        if (config.commandExecutorEnabled()) {
            out.println("command executor enabled: whoever can create jobs here can run programs on this node");
        }
        if (config.hasRole(NodeRole.API)) {
            String base = scheme + "://" + displayHost(server.host()) + ":" + server.port();
            out.printf("API at %s/v1, API document at /openapi.json%n", base);
            out.printf("dashboard at %s/ui/%s%n", base, server.authenticationOn() ? " (log in with an admin token)" : "");
        }
        out.flush();
        awaitQuietly(stopRequested);
        node.stop();
        return 0;
    }

    /**
     * The secret of the bootstrap admin token is printed here, once: it is never logged nor stored. When this
     * start neither created one nor was given one ({@value #ADMIN_TOKEN_VARIABLE}), its user may have lost it:
     * the line names the command that makes a new one.
     */
    private static void printAuthentication(PrintWriter out, TockServer server, TockConfig config) {
        if (!server.authenticationOn()) {
            out.println("WARNING: authentication is off (--no-auth): every process on this machine can use the API");
            return;
        }
        if (server.bootstrapToken().isPresent()) {
            out.println("created the admin token bootstrap-admin; its secret is shown only this once, keep it safe:");
            out.println("  export TOCK_TOKEN=" + server.bootstrapToken().get());
        } else if (config.hasRole(NodeRole.API) && adminTokenGiven().isEmpty()) {
            out.println("an admin token exists; lost its secret? make a new one (on the database, no server needed): "
                    + resetAdminCommand(config));
        }
    }

    private static java.util.Optional<String> adminTokenGiven() {
        return java.util.Optional.ofNullable(System.getenv(ADMIN_TOKEN_VARIABLE)).filter(s -> !s.isBlank());
    }

    /** {@code tock tokens reset-admin} on this node's store, the password left out, ready to paste into a shell. */
    private static String resetAdminCommand(TockConfig config) {
        return "tock tokens reset-admin --db " + shellWord(config.redactedDbUrl())
                + (config.dbSchema().isEmpty() ? "" : " --set db-schema=" + shellWord(config.dbSchema()));
    }

    /** The text as one shell word: quoted when it holds anything a shell would read (?, &, ;, spaces...). */
    private static String shellWord(String text) {
        return text.matches("[A-Za-z0-9_./:=@,+-]+") ? text : "'" + text.replace("'", "'\\''") + "'";
    }

    private TockConfig config() {
        TockConfig.Builder b = node.configBuilder();
        if (port != null) {
            b.port(port);
        }
        if (host != null) {
            b.host(host);
        }
        if (grace != null) {
            b.set("drain-grace", grace);
        }
        if (roles != null) {
            b.set("roles", String.join(",", roles));
        }
        if (noAuth) {
            b.set("auth", "off");
        }
        return b.build();
    }

    private static String roleNames(TockConfig config) {
        return config.roles().stream().sorted().map(NodeRole::wireName).collect(java.util.stream.Collectors.joining(","));
    }

    private static String displayHost(String host) {
        return host == null || host.equals("0.0.0.0") ? "127.0.0.1" : host;
    }

    private static void awaitQuietly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // only a stop request ends the wait
            }
        }
    }

    /** The running node; stopping drains the engine, then closes the HTTP server. Runs once. */
    private static final class Node {
        private final Tock tock;
        private final TockServer server;
        private final TockConfig config;
        private final PrintWriter out;
        private boolean stopped;

        Node(Tock tock, TockServer server, TockConfig config, PrintWriter out) {
            this.tock = tock;
            this.server = server;
            this.config = config;
            this.out = out;
        }

        synchronized void stop() {
            if (stopped) {
                return;
            }
            stopped = true;
            out.printf("tock server draining: %d jobs held (running or leased ahead), grace %s%n", tock.cluster().heldCount(),
                    dev.tock.Durations.format(config.drainGrace()));
            out.flush();
            server.beginDrain();
            tock.stop(config.drainGrace());
            server.stop();
            out.println("tock server stopped");
            out.flush();
        }
    }
}
