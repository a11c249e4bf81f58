package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A JSON client for the tests: real HTTP to 127.0.0.1, every call bounded. */
final class Http {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Shared with the clients {@link #as} makes, so that {@link #close} closes their connections too. */
    private final HttpClient client;
    private final String base;
    /** Headers every request sends, e.g. Authorization. */
    private final Map<String, String> always;

    Http(int port) {
        this(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build(), "http://127.0.0.1:" + port, Map.of());
    }

    private Http(HttpClient client, String base, Map<String, String> always) {
        this.client = client;
        this.base = base;
        this.always = always;
    }

    /** A client that sends {@code Authorization: Bearer token} with every request. */
    Http as(String token) {
        return new Http(client, base, Map.of("Authorization", "Bearer " + token));
    }

    /**
     * Closes the connections of this client and of those {@link #as} made. A server's graceful stop waits about a
     * second for a kept-alive idle connection to close; a test's server stops at once when the client went first.
     */
    void close() {
        client.shutdownNow();
    }

    /** A response: status, headers and the body parsed as JSON (null when empty). */
    record Reply(int status, HttpResponse<String> raw, JsonNode json) {
        String contentType() {
            return raw.headers().firstValue("Content-Type").orElse("");
        }

        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }

        /** Asserts the status, showing the body when it differs. */
        Reply expect(int expected) {
            assertThat(status).as("status of %s %s; body %s", raw.request().method(), raw.request().uri(), raw.body())
                    .isEqualTo(expected);
            return this;
        }

        /** Asserts an RFC 9457 problem with this status (and field, when not null). */
        Reply expectProblem(int expected, String field) {
            expect(expected);
            assertThat(contentType()).startsWith("application/problem+json");
            assertThat(json.get("status").asInt()).isEqualTo(expected);
            assertThat(json.get("type").asText()).startsWith("urn:tock:problem:");
            assertThat(json.get("title").asText()).isNotBlank();
            assertThat(json.get("detail").asText()).isNotBlank();
            if (field != null) {
                assertThat(json.path("field").asText()).as("problem field; detail: " + json.get("detail")).isEqualTo(field);
            }
            return this;
        }

        String text(String field) {
            return json.path(field).asText(null);
        }
    }

    Reply get(String path) {
        return send("GET", path, null, Map.of());
    }

    Reply post(String path, String body) {
        return send("POST", path, body, Map.of());
    }

    Reply put(String path, String body) {
        return send("PUT", path, body, Map.of());
    }

    Reply delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    Reply send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null && !headers.containsKey("Content-Type")) {
            b.header("Content-Type", "application/json");
        }
        always.forEach((k, v) -> {
            if (!headers.containsKey(k)) {
                b.header(k, v);
            }
        });
        headers.forEach(b::header);
        try {
            HttpResponse<String> response = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
            boolean isJson = response.headers().firstValue("Content-Type").map(t -> t.contains("json")).orElse(true);
            JsonNode json = response.body().isEmpty() || !isJson ? null : MAPPER.readTree(response.body());
            return new Reply(response.statusCode(), response, json);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static String json(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
