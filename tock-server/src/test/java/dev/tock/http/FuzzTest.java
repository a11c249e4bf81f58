package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tock.model.Job;
import dev.tock.model.JobPage;
import dev.tock.model.JobQuery;
import dev.tock.model.JobState;
import dev.tock.security.AuditQuery;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * At least 10,000 generated hostile requests across every route — malformed, oversized, deeply nested,
 * odd Unicode, bad credentials, raw bytes that are barely HTTP — from a fixed seed: no answer is a
 * 5xx, nothing is logged as an unexpected failure, the server stays alive and the store consistent.
 */
class FuzzTest {
    private static final long SEED = 20_261_123L;
    private static final int REQUESTS = 10_000;
    private static final Duration TIME_LIMIT = Duration.ofMinutes(5);
    private static final String[] ODD = {"\u0000", "\ud83d\ude00", "\u202e", "\ufeff", "e\u0301", "\u0085", "\u2028", "𝕋𝕠𝕔𝕜",
            "\uffff", "\\u0000", "../..", "%00", "${jndi:ldap://127.0.0.1/x}", "<script>alert(1)</script>", "' OR 1=1 --",
            "\"", "{", "\u00e9\u00e8", "\u4e2d\u6587", "a".repeat(300), " ", "\t\n", "null", "-1", "99999999999999999999", "1e999"};

    private final Random random = new Random(SEED);

    protected ServerFixture newFixture(dev.tock.config.TockConfig.Builder config) {
        return ServerFixture.h2(config, b -> { }, b -> { });
    }

    @Test
    void tenThousandHostileRequestsAnswerNo5xxAndLeaveTheStoreConsistent() throws Exception {
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        ListAppender<ILoggingEvent> logs = new ListAppender<>();
        logs.start();
        root.addAppender(logs);
        var config = ServerFixture.secured().maxPayloadBytes(16 * 1024).maxRequestBytes(64 * 1024);
        try (ServerFixture f = newFixture(config)) {
            String secret = f.server.bootstrapToken().orElseThrow();
            Http admin = f.http.as(secret);
            Map<String, String> values = new LinkedHashMap<>();
            values.put("{ns}", "default");
            values.put("{queue}", "q");
            values.put("{name}", "s");
            values.put("{worker}", "w");
            values.put("{run}", java.util.UUID.randomUUID().toString());
            values.put("job", admin.post("/v1/namespaces/default/jobs", "{\"type\": \"t\", \"delay\": \"1h\"}").expect(201).text("id"));
            admin.put("/v1/namespaces/default/queues/q", "{}").expect(201);
            admin.put("/v1/namespaces/default/schedules/s", "{\"schedule\": \"@daily\", \"jobTemplate\": {\"type\": \"t\"}}").expect(201);
            values.put("token", admin.post("/v1/tokens", "{\"name\": \"victim\", \"role\": \"viewer\", \"namespaces\": [\"default\"]}")
                    .expect(201).json().get("token").get("id").asText());
            List<Route> routes = f.server.routes();

            long deadline = System.nanoTime() + TIME_LIMIT.toNanos();
            Map<Integer, Integer> statuses = new java.util.TreeMap<>();
            List<String> failures = new ArrayList<>();
            int sent = 0;
            while (sent < REQUESTS && System.nanoTime() < deadline) {
                Route route = routes.get(random.nextInt(routes.size()));
                int status;
                String what;
                if (random.nextInt(20) == 0) {
                    byte[] raw = rawRequest(route, values);
                    what = "raw " + new String(raw, 0, Math.min(raw.length, 200), StandardCharsets.ISO_8859_1);
                    status = sendRaw(f.server.port(), raw);
                } else {
                    String method = random.nextInt(25) == 0 ? pick("PATCH", "OPTIONS", "TRACE", "DELETE", "PUT") : route.method().name();
                    String path = path(route, values) + query(route);
                    String body = body();
                    Map<String, String> headers = headers(secret);
                    what = method + " " + path + " " + (body == null ? "" : body.substring(0, Math.min(body.length(), 200)));
                    status = send(f.http, method, path, body, headers);
                }
                statuses.merge(status, 1, Integer::sum);
                if (status >= 500) {
                    failures.add(status + " for " + what);
                }
                sent++;
            }
            assertThat(failures).as("5xx answers (seed %d)", SEED).isEmpty();
            assertThat(sent).as("requests sent within %s; statuses %s", TIME_LIMIT, statuses).isGreaterThanOrEqualTo(REQUESTS);
            assertThat(statuses.keySet()).as("statuses %s", statuses).contains(200, 201, 400, 401, 404, 413);

            f.http.get("/health").expect(200);
            f.http.get("/ready").expect(200);
            admin.get("/v1/namespaces/default/jobs").expect(200);
            storeIsConsistent(f);
            assertThat(logs.list).as("nothing logged as an unexpected failure")
                    .noneMatch(e -> e.getLevel().isGreaterOrEqual(Level.ERROR));
        } finally {
            root.detachAppender(logs);
        }
    }

    /**
     * The status, or 0 when the connection ended without one: answering an oversized upload early and
     * closing the connection can reset it before the client reads the answer.
     */
    private static int send(Http http, String method, String path, String body, Map<String, String> headers) {
        try {
            return http.send(method, path, body, headers).status();
        } catch (AssertionError e) {
            if (e.getCause() instanceof java.io.IOException) {
                return 0;
            }
            throw e;
        }
    }

    private static void storeIsConsistent(ServerFixture f) {
        for (String ns : f.store.namespaces().list()) {
            Map<JobState, Long> counted = new EnumMap<>(JobState.class);
            JobQuery query = JobQuery.builder(ns).limit(JobQuery.MAX_LIMIT).build();
            JobPage page = f.store.jobs().list(query);
            while (true) {
                for (Job job : page.jobs()) {
                    assertThat(job.namespace()).isEqualTo(ns);
                    assertThat(f.store.jobs().find(job.id())).contains(job);
                    counted.merge(job.state(), 1L, Long::sum);
                }
                if (page.nextCursor().isEmpty()) {
                    break;
                }
                page = f.store.jobs().list(query.withCursor(page.nextCursor().get()));
            }
            Map<JobState, Long> byState = new EnumMap<>(JobState.class);
            f.store.jobs().countByState(ns).forEach((state, n) -> {
                if (n > 0) {
                    byState.put(state, n);
                }
            });
            assertThat(counted).as("jobs of " + ns).isEqualTo(byState);
            f.store.queues().stats(ns);
            f.store.schedules().list(ns).forEach(s -> f.tock.schedules().preview(ns, s.schedule().name(), 3));
        }
        f.store.security().tokens();
        f.server.flushAudit();
        assertThat(f.store.security().audit(AuditQuery.latest(10))).isNotEmpty();
    }

    // ---- generators ------------------------------------------------------------------------------

    private String pick(String... options) {
        return options[random.nextInt(options.length)];
    }

    private String odd() {
        StringBuilder s = new StringBuilder();
        int parts = 1 + random.nextInt(3);
        for (int i = 0; i < parts; i++) {
            s.append(ODD[random.nextInt(ODD.length)]);
        }
        if (random.nextInt(10) == 0) {
            s.append("x".repeat(random.nextInt(5000)));
        }
        return s.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private String path(Route route, Map<String, String> values) {
        String path = route.path().text();
        path = path.replace("{id}", random.nextInt(4) == 0 ? encode(odd())
                : path.startsWith("/v1/tokens") ? values.get("token") : values.get("job"));
        for (String param : List.of("{ns}", "{queue}", "{name}", "{worker}", "{run}")) {
            path = path.replace(param, random.nextInt(4) == 0 ? encode(odd()) : values.get(param));
        }
        return path;
    }

    private String query(Route route) {
        if (random.nextInt(3) != 0) {
            return "";
        }
        StringBuilder q = new StringBuilder("?");
        List<String> names = new ArrayList<>(route.query().stream().map(Route.QueryParam::name).toList());
        names.addAll(List.of("limit", "cursor", "label", "state", "bogus"));
        int n = 1 + random.nextInt(4);
        for (int i = 0; i < n; i++) {
            String value = random.nextBoolean() ? odd() : pick("0", "-5", "501", "abc", "ready,dead", "k=v", "=", "2026-13-45T00:00:00Z");
            q.append(encode(names.get(random.nextInt(names.size())))).append('=').append(encode(value)).append('&');
        }
        return q.toString();
    }

    private String body() {
        return switch (random.nextInt(12)) {
            case 0 -> null;
            case 1 -> "{\"type\": \"t\", \"payload\": " + nested(random.nextInt(3000)) + "}";
            case 2 -> "{\"type\": \"t\", \"payload\": {\"x\": \"" + "y".repeat(20_000 + random.nextInt(60_000)) + "\"}}";
            case 3 -> "{\"type\": " + jsonString(odd()) + ", \"queue\": " + jsonString(odd()) + ", \"labels\": {" + jsonString(odd())
                    + ": " + jsonString(odd()) + "}}";
            case 4 -> "{\"name\": " + jsonString(odd()) + ", \"role\": " + jsonString(pick("admin", "root", odd()))
                    + ", \"namespaces\": [" + jsonString(pick("*", "default", odd())) + "]}";
            case 5 -> "{\"schedule\": " + jsonString(pick("61 * * * *", "@every 0s", "* * * * * * *", "@every 99999999d", odd()))
                    + ", \"timeZone\": " + jsonString(pick("Mars/Olympus", "UTC", odd())) + ", \"jobTemplate\": {\"type\": \"t\"}}";
            case 6 -> "{\"maxRunning\": " + pick("-1", "0", "1e999", "99999999999999999999", "\"4\"", "null", "4.5") + "}";
            case 7 -> "{\"jobs\": [" + String.join(",", java.util.Collections.nCopies(random.nextInt(1200), "{\"type\": \"t\"}")) + "]}";
            case 8 -> "{\"a\": 1, \"a\": 2, \"@class\": \"java.lang.Runtime\"}";
            case 9 -> {
                byte[] bytes = new byte[random.nextInt(512)];
                random.nextBytes(bytes);
                yield new String(bytes, StandardCharsets.ISO_8859_1);
            }
            case 10 -> "{\"from\": " + jsonString(odd()) + ", \"to\": \"2026-01-01T00:00:00Z\", \"delay\": " + jsonString(pick("-1s", "99999d", odd()))
                    + ", \"timeout\": " + jsonString(pick("0s", "8d", "PT-1S")) + ", \"priority\": " + pick("1001", "-1001", "7") + "}";
            default -> pick("{", "[]", "\"text\"", "42", "null", "{}", "{\"bogus\": 1}", "\ufeff{}", "{\"type\": \"t\"} trailing");
        };
    }

    private String nested(int depth) {
        String open = random.nextBoolean() ? "[" : "{\"a\":";
        String close = open.equals("[") ? "]" : "}";
        return open.repeat(depth) + "1" + close.repeat(depth);
    }

    private static String jsonString(String text) {
        StringBuilder s = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20) {
                s.append(String.format("\\u%04x", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append('"').toString();
    }

    private Map<String, String> headers(String secret) {
        Map<String, String> headers = new LinkedHashMap<>();
        switch (random.nextInt(20)) {
            case 0 -> { }
            case 1 -> headers.put("Authorization", "Bearer " + encode(odd()));
            case 2 -> headers.put("Authorization", pick("Basic YTpi", "Bearer", "bearer  " + secret + " extra", "Token " + secret));
            case 3 -> headers.put("Cookie", "tock_session=" + encode(odd()) + "; tock_csrf=x");
            default -> headers.put("Authorization", "Bearer " + secret);
        }
        if (random.nextInt(5) == 0) {
            headers.put("Content-Type", pick("application/xml", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x",
                    "application/json; charset=utf-16"));
        }
        if (random.nextInt(10) == 0) {
            headers.put("Idempotency-Key", encode(odd()));
        }
        return headers;
    }

    /** A request written byte by byte: invalid UTF-8 and control characters in the path, odd lengths, junk. */
    private byte[] rawRequest(Route route, Map<String, String> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        String path = path(route, values);
        byte[] junk = new byte[1 + random.nextInt(16)];
        random.nextBytes(junk);
        switch (random.nextInt(6)) {
            case 0 -> write(out, route.method().name() + " " + path + "%ff%fe%zz/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            case 1 -> {
                write(out, route.method().name() + " " + path + "/");
                out.writeBytes(junk);
                write(out, " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            }
            case 2 -> write(out, route.method().name() + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nConnection: close\r\n\r\n{\"a\"");
            case 3 -> write(out, route.method().name() + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\nConnection: close\r\n\r\n");
            case 4 -> write(out, "GET " + path + " HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
            default -> write(out, route.method().name() + " " + path + " HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n"
                    + "{}\r\n0\r\n\r\n");
        }
        return out.toByteArray();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Sends raw bytes and reads the status line; 0 when the server closed the connection without an answer. */
    private static int sendRaw(int port, byte[] request) throws Exception {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(request);
                out.flush();
                socket.shutdownOutput();
            } catch (java.io.IOException e) {
                return 0;
            }
            InputStream in = socket.getInputStream();
            StringBuilder line = new StringBuilder();
            try {
                for (int b = in.read(); b >= 0 && b != '\n' && line.length() < 200; b = in.read()) {
                    line.append((char) b);
                }
            } catch (java.io.IOException e) {
                return 0;
            }
            String[] parts = line.toString().split(" ");
            return parts.length >= 2 && parts[0].startsWith("HTTP/") ? Integer.parseInt(parts[1]) : 0;
        }
    }
}
