package dev.tock.http;

import dev.tock.config.SecurityConfig;
import dev.tock.engine.Tock;
import dev.tock.http.security.AuditLog;
import dev.tock.http.security.Authenticator;
import dev.tock.http.security.RateLimiter;
import dev.tock.http.wire.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tock's HTTP server over one engine: the {@code /v1} REST API and the dashboard at {@code /ui/} (on
 * nodes with the api role) and the
 * operations routes ({@code /health}, {@code /ready}, {@code /metrics}, {@code /openapi.json}). Jetty's core server, no
 * servlet layer; each request is handled on a virtual thread. Every request passes the same filter
 * chain: the {@link AccessPolicy}, then the namespace check.
 */
public final class TockServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TockServer.class);
    /** Longest a stop waits for requests in flight. */
    private static final long STOP_TIMEOUT_MS = 5_000;

    private final Server jetty;
    private final ServerConnector connector;
    private final Router router;
    private final AtomicBoolean draining = new AtomicBoolean();
    private final Tock tock;
    private final ServerSecurity security;
    private final Optional<String> adminToken;
    private final boolean api;
    private Optional<String> bootstrapToken = Optional.empty();

    private TockServer(Builder b) {
        Json json = new Json();
        ApiContext ctx = new ApiContext(json, b.tock.config().maxPayloadBytes());
        this.tock = b.tock;
        this.adminToken = b.adminToken;
        this.api = b.api;
        SecurityConfig config = b.tock.config().security();
        requireAuthBeyondLoopback(config, b.host);
        this.security = new ServerSecurity(config, new Authenticator(b.tock.security(), Clock.systemUTC()),
                new RateLimiter(config.rateLimit(), config.rateLimitBurst(), System::nanoTime),
                new AuditLog(b.tock.security(), Clock.systemUTC(), config.auditRetention()));
        b.metrics.attach(b.tock);
        this.router = new Router(RouteTable.of(b.tock, ctx, b.api, draining::get, b.version, b.metrics, security));
        AccessPolicy policy = b.accessPolicy != null ? b.accessPolicy : config.auth() ? new RoleAccessPolicy() : AccessPolicy.ALLOW_ALL;
        List<RequestFilter> filters = new ArrayList<>();
        filters.add(new SecurityFilter(config.auth(), security.authenticator(), security.limiter(), security.audit()));
        filters.add(RequestFilter.of(policy));
        filters.add(new NamespaceFilter(b.tock.namespaces()));
        ApiDispatcher dispatcher = new ApiDispatcher(router, filters, json);

        QueuedThreadPool threads = new QueuedThreadPool();
        threads.setName("tock-http");
        threads.setVirtualThreadsExecutor(Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("tock-http-", 0).factory()));
        this.jetty = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendDateHeader(true);
        if (config.trustForwarded()) {
            http.addCustomizer(new ForwardedRequestCustomizer());
        }
        this.connector = config.tls() ? Tls.connector(jetty, http, config) : new ServerConnector(jetty, new HttpConnectionFactory(http));
        connector.setHost(b.host);
        connector.setPort(b.port);
        jetty.addConnector(connector);
        JettyAdapter api = new JettyAdapter(dispatcher, json, b.maxRequestBytes);
        // The dashboard reads through the API, so it is served where the API is.
        jetty.setHandler(b.api ? new DashboardHandler(api) : api);
        jetty.setErrorHandler(new ProblemErrorHandler(json));
        jetty.setStopTimeout(STOP_TIMEOUT_MS);
    }

    public static Builder builder(Tock tock) {
        return new Builder(tock);
    }

    /**
     * Refuses {@code auth=off} on an address other machines can reach: the API runs arbitrary work, so
     * turning authentication off is for a developer's own machine only.
     */
    private static void requireAuthBeyondLoopback(SecurityConfig config, String host) {
        if (config.auth()) {
            return;
        }
        if (!isLoopback(host)) {
            throw new ServerException("authentication can be turned off (auth=off, --no-auth) only on a loopback address such as "
                    + "127.0.0.1, not on " + host + ": anyone who reaches the API could run any work", null);
        }
        log.warn("authentication is OFF (auth=off): every process on this machine can use the API without a token");
    }

    static boolean isLoopback(String host) {
        try {
            return host != null && java.net.InetAddress.getByName(host).isLoopbackAddress();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /**
     * Binds and starts serving; returns once the port is open. With authentication on, then makes sure an
     * admin token exists: only once the port is bound, so that a start that cannot bind creates no token
     * whose secret nobody would see.
     */
    public TockServer start() {
        try {
            jetty.start();
        } catch (Exception e) {
            stopQuietly();
            throw new ServerException("could not start the HTTP server on " + address() + ": " + e.getMessage(), e);
        }
        // Only nodes that serve the API make admin tokens: a worker's log never shows a secret.
        if (security.auth() && api) {
            try {
                bootstrapToken = tock.security().bootstrapAdmin(adminToken);
            } catch (RuntimeException e) {
                stopQuietly();
                throw e;
            }
        }
        log.info("HTTP server listening on {} ({} routes, {})", address(), router.routes().size(), security.config());
        return this;
    }

    private void stopQuietly() {
        try {
            jetty.stop();
        } catch (Exception e) {
            log.debug("HTTP server did not stop cleanly after a failed start", e);
        }
    }

    /**
     * The secret of the admin token this start created because the store had none: to be shown once,
     * by {@code tock server}, and never again. Empty otherwise.
     */
    public Optional<String> bootstrapToken() {
        return bootstrapToken;
    }

    /** Whether requests must authenticate. */
    public boolean authenticationOn() {
        return security.auth();
    }

    /** Whether it serves HTTPS. */
    public boolean tls() {
        return security.config().tls();
    }

    /** Writes the audit entries still queued; for tests and shutdown. */
    public void flushAudit() {
        security.audit().flush();
    }

    /** The port bound, useful when 0 asked for any free one. */
    public int port() {
        return connector.getLocalPort();
    }

    public String host() {
        return connector.getHost();
    }

    private String address() {
        // The port asked for until one is bound (0 asks for any free one).
        int port = port() > 0 ? port() : connector.getPort();
        return (connector.getHost() == null ? "0.0.0.0" : connector.getHost()) + ":" + port;
    }

    /** The routes this server answers. */
    public List<Route> routes() {
        return router.routes();
    }

    /** Marks the node as shutting down: {@code /ready} answers 503 from now on, everything else still serves. */
    public void beginDrain() {
        draining.set(true);
    }

    /** Stops accepting connections and waits (briefly) for requests in flight. */
    public void stop() {
        beginDrain();
        try {
            jetty.stop();
            security.audit().close();
            log.info("HTTP server stopped");
        } catch (Exception e) {
            log.warn("HTTP server did not stop cleanly", e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** Builds a {@link TockServer}; nothing is bound until {@link #start()}. */
    public static final class Builder {
        private final Tock tock;
        private String host = "127.0.0.1";
        private int port = 8080;
        private boolean api = true;
        private AccessPolicy accessPolicy;
        private Optional<String> adminToken = Optional.empty();
        private int maxRequestBytes = 16 * 1024 * 1024;
        private String version = dev.tock.TockVersion.current();
        private ServerMetrics metrics;

        private Builder(Tock tock) {
            this.tock = tock;
        }

        /** The address to bind: {@code 127.0.0.1} (default) or {@code 0.0.0.0} for every interface. */
        public Builder host(String value) { host = value; return this; }
        /** The port; 0 for any free one. */
        public Builder port(int value) { port = value; return this; }
        /** Whether this node serves the {@code /v1} API (the api role); operations routes are always served. */
        public Builder api(boolean value) { api = value; return this; }
        /** Replaces the role-based policy (or, with auth=off, the allow-all one) by {@code value}. */
        public Builder accessPolicy(AccessPolicy value) { accessPolicy = value; return this; }
        /**
         * An admin secret from the environment ({@code TOCK_ADMIN_TOKEN}): the token {@code env-admin} is made
         * to have it at start, replacing an older secret.
         */
        public Builder adminToken(String secret) { adminToken = Optional.ofNullable(secret).filter(s -> !s.isBlank()); return this; }
        /** Largest request body accepted; larger ones are answered 413. */
        public Builder maxRequestBytes(int value) { maxRequestBytes = value; return this; }
        /** The version shown in the API document. */
        public Builder version(String value) { version = value; return this; }

        /**
         * What {@code /metrics} exports; give the engine {@link ServerMetrics#registry()} when building it
         * so that its meters are among them. Without one, {@code /metrics} shows queue depth and the JVM.
         */
        public Builder metrics(ServerMetrics value) { metrics = value; return this; }

        public TockServer build() {
            if (metrics == null) {
                metrics = new ServerMetrics();
            }
            return new TockServer(this);
        }
    }
}
