package dev.tock.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Serves the dashboard at {@code /ui/}: static files from this jar ({@code dev/tock/ui/}), a single-page
 * app that reads and changes everything through the {@code /v1} API, so that it passes the same filter
 * chain and authentication as any other client. Every other path goes to the API, and so do the login
 * routes under /ui ({@link LoginRoutes#PATHS}).
 *
 * <p>Every answer carries a strict Content-Security-Policy: scripts and styles only from this origin's
 * files, no inline code, no framing, requests only to this origin. The app inserts data only as text,
 * and the policy is the second line of defence should it ever not.
 */
final class DashboardHandler extends Handler.Wrapper {
    static final String PREFIX = "/ui/";
    static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self';"
            + " img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none';"
            + " form-action 'self'; frame-ancestors 'none'";
    private static final String ROOT = "dev/tock/ui/";
    private static final Pattern SAFE_PATH = Pattern.compile("[a-z0-9][a-z0-9_-]*(/[a-z0-9][a-z0-9_-]*)*\\.[a-z0-9]+");
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "svg", "image/svg+xml",
            "png", "image/png",
            "json", "application/json");
    private final Map<String, Optional<Asset>> assets = new ConcurrentHashMap<>();

    DashboardHandler(Handler api) {
        super(api);
    }

    /** A file of the app, read once. */
    private record Asset(byte[] body, String contentType, String etag) {
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String path = request.getHttpURI().getPath();
        if ("/".equals(path) || "/ui".equals(path)) {
            return redirect(response, callback);
        }
        if (path == null || !path.startsWith(PREFIX) || LoginRoutes.PATHS.contains(path)) {
            return super.handle(request, response, callback);
        }
        secure(response);
        if (!"GET".equals(request.getMethod()) && !"HEAD".equals(request.getMethod())) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            return plain(response, callback, 405, "The dashboard's files are read with GET; its actions go through /v1.");
        }
        String name = path.substring(PREFIX.length());
        Optional<Asset> asset = asset(name.isEmpty() ? "index.html" : name);
        if (asset.isEmpty()) {
            return plain(response, callback, 404, "No dashboard file " + path + ".");
        }
        return send(request, response, callback, asset.get());
    }

    private static boolean redirect(Response response, Callback callback) {
        response.setStatus(302);
        response.getHeaders().put(HttpHeader.LOCATION, PREFIX);
        response.write(true, ByteBuffer.allocate(0), callback);
        return true;
    }

    /** Headers every dashboard answer carries, errors included. */
    private static void secure(Response response) {
        var headers = response.getHeaders();
        headers.put("Content-Security-Policy", CONTENT_SECURITY_POLICY);
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        // Revalidated on every load (a 304 when unchanged), so an upgraded server never serves a stale app.
        headers.put(HttpHeader.CACHE_CONTROL, "no-cache");
    }

    private static boolean send(Request request, Response response, Callback callback, Asset asset) {
        response.getHeaders().put(HttpHeader.ETAG, asset.etag());
        if (asset.etag().equals(request.getHeaders().get(HttpHeader.IF_NONE_MATCH))) {
            response.setStatus(304);
            response.write(true, ByteBuffer.allocate(0), callback);
            return true;
        }
        response.setStatus(200);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, asset.contentType());
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, asset.body().length);
        boolean head = "HEAD".equals(request.getMethod());
        response.write(true, ByteBuffer.wrap(head ? new byte[0] : asset.body()), callback);
        return true;
    }

    private static boolean plain(Response response, Callback callback, int status, String message) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.write(true, ByteBuffer.wrap(message.getBytes(StandardCharsets.UTF_8)), callback);
        return true;
    }

    /** The file of that name, when it is a plain relative path to a file of a known type that exists. */
    private Optional<Asset> asset(String name) {
        if (!SAFE_PATH.matcher(name).matches()) {
            return Optional.empty();
        }
        String type = TYPES.get(name.substring(name.lastIndexOf('.') + 1));
        if (type == null) {
            return Optional.empty();
        }
        return assets.computeIfAbsent(name, n -> load(n, type));
    }

    private static Optional<Asset> load(String name, String type) {
        try (InputStream in = DashboardHandler.class.getClassLoader().getResourceAsStream(ROOT + name)) {
            if (in == null) {
                return Optional.empty();
            }
            byte[] body = in.readAllBytes();
            return Optional.of(new Asset(body, type, etag(body)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the dashboard file " + name, e);
        }
    }

    private static String etag(byte[] body) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(body);
            return "\"" + HexFormat.of().formatHex(digest, 0, 12) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
