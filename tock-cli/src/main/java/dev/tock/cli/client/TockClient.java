package dev.tock.cli.client;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Optional;

/**
 * A JSON client of one Tock server's REST API. Error answers become {@link ApiException}s carrying the
 * problem's title, detail and field; a server that does not answer becomes a
 * {@link ServerUnreachableException} naming the URL tried.
 */
public final class TockClient implements AutoCloseable {
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Long enough for a large backfill; a server that takes longer is treated as unreachable. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(60);
    private static final String USER_AGENT = "tock-cli";

    private final String base;
    private final HttpClient http;
    private final Optional<String> authorization;

    private TockClient(String base, Optional<String> token) {
        this.base = base;
        this.authorization = token.map(t -> "Bearer " + t);
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(CONNECT_TIMEOUT).build();
    }

    /**
     * A client of the server at {@code serverUrl}: {@code http://host:port}, or with a path prefix when a
     * proxy serves Tock under one. A malformed URL is a usage error.
     */
    public static TockClient connect(String serverUrl) {
        return connect(serverUrl, Optional.empty());
    }

    /** A client that authenticates every request with {@code token} ({@code Authorization: Bearer}). */
    public static TockClient connect(String serverUrl, Optional<String> token) {
        token.ifPresent(TockClient::checkToken);
        return new TockClient(checkedBase(serverUrl), token);
    }

    /** A token must fit in a header; its text is never repeated in the message. */
    private static void checkToken(String token) {
        if (token.length() > 4096 || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new UsageException("--token: not a token (printable ASCII without spaces expected)");
        }
    }

    /** The server's base URL, without a trailing slash. */
    public String server() {
        return base;
    }

    /** An answer: its status and its JSON body (null when it has none, e.g. 204). */
    public record Reply(int status, JsonNode body) {
        public boolean created() {
            return status == 201;
        }
    }

    public JsonNode get(String path) {
        return send("GET", path, null).body();
    }

    public Reply post(String path, Object body) {
        return send("POST", path, body);
    }

    public Reply put(String path, Object body) {
        return send("PUT", path, body);
    }

    public Reply delete(String path) {
        return send("DELETE", path, null);
    }

    /** {@code GET path}, or empty when the server answers 404. */
    public Optional<JsonNode> find(String path) {
        try {
            return Optional.of(get(path));
        } catch (ApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Sends one request; {@code body} (a tree, record or map) is sent as JSON when not null. */
    public Reply send(String method, String path, Object body) {
        String url = base + path;
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, application/problem+json").header("User-Agent", USER_AGENT);
        authorization.ifPresent(value -> request.header("Authorization", value));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(Jsons.compactJson(body)));
        }
        HttpResponse<String> response = exchange(request.build(), url);
        JsonNode json = parse(response.body());
        if (response.statusCode() >= 400) {
            throw error(response, json, method, path);
        }
        return new Reply(response.statusCode(), json);
    }

    private HttpResponse<String> exchange(HttpRequest request, String url) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (HttpConnectTimeoutException e) {
            throw new ServerUnreachableException(url, "no connection within " + CONNECT_TIMEOUT.toSeconds() + "s", e);
        } catch (HttpTimeoutException e) {
            throw new ServerUnreachableException(url, "no answer within " + REQUEST_TIMEOUT.toSeconds() + "s", e);
        } catch (ConnectException e) {
            throw new ServerUnreachableException(url, reason(e, "connection refused"), e);
        } catch (IOException e) {
            throw new ServerUnreachableException(url, reason(e, e.getClass().getSimpleName()), e);
        } catch (UnresolvedAddressException e) {
            throw new ServerUnreachableException(url, "unknown host", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerUnreachableException(url, "interrupted while waiting for the answer", e);
        }
    }

    /** The most telling message in a chain of I/O failures (the JDK often wraps the real one). */
    private static String reason(Throwable e, String fallback) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof UnresolvedAddressException) {
                return "unknown host";
            }
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                return t.getMessage();
            }
        }
        return fallback;
    }

    private static ApiException error(HttpResponse<String> response, JsonNode json, String method, String path) {
        int status = response.statusCode();
        if (json != null && json.hasNonNull("title") && json.hasNonNull("detail")) {
            String hint = status == 401 ? " (give a token with TOCK_TOKEN or --token)" : "";
            return new ApiException(status, json.get("title").asText(), json.get("detail").asText() + hint,
                    Optional.ofNullable(json.get("field")).filter(JsonNode::isTextual).map(JsonNode::asText));
        }
        String text = response.body() == null ? "" : response.body().strip();
        String shown = text.isEmpty() ? "no details" : text.length() > 200 ? text.substring(0, 200) + "…" : text;
        return new ApiException(status, "HTTP " + status, method + " " + path + ": " + shown, Optional.empty());
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Jsons.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            return Jsons.JSON.getNodeFactory().textNode(text);
        }
    }

    private static String checkedBase(String serverUrl) {
        String trimmed = serverUrl == null ? "" : serverUrl.strip();
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        try {
            URI uri = new URI(trimmed);
            if (uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))
                    || uri.getHost() == null || uri.getQuery() != null) {
                throw new URISyntaxException(trimmed, "expected http://HOST:PORT");
            }
        } catch (URISyntaxException e) {
            throw new UsageException("--server: \"" + serverUrl + "\" is not a server URL (expected http://HOST:PORT, e.g. http://127.0.0.1:8080)");
        }
        return trimmed;
    }

    @Override
    public void close() {
        http.close();
    }
}
