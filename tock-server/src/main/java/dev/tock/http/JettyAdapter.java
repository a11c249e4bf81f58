package dev.tock.http;

import dev.tock.http.wire.ApiProblem;
import dev.tock.http.wire.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Map;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Jetty's side of a request: hands it to the {@link ApiDispatcher} and writes the answer. Blocking
 * by design; the server runs it on a virtual thread per request.
 */
final class JettyAdapter extends Handler.Abstract {
    private static final byte[] EMPTY = new byte[0];
    private final ApiDispatcher dispatcher;
    private final Json json;
    private final int maxRequestBytes;

    JettyAdapter(ApiDispatcher dispatcher, Json json, int maxRequestBytes) {
        super(InvocationType.BLOCKING);
        this.dispatcher = dispatcher;
        this.json = json;
        this.maxRequestBytes = maxRequestBytes;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        var uri = request.getHttpURI();
        BodyOnce requestBody = new BodyOnce(request);
        var client = new ApiRequest.Client(String.valueOf(Request.getRemoteAddr(request)), request.isSecure());
        var incoming = new ApiDispatcher.Incoming(request.getMethod(), uri.getPath() == null ? "/" : uri.getPath(), uri.getQuery(),
                name -> request.getHeaders().get(name), requestBody, client);
        ApiResponse answer = dispatcher.dispatch(incoming);
        byte[] body = answer.body() == null ? EMPTY
                : answer.body() instanceof ApiResponse.Text text ? text.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)
                : json.write(answer.body());
        if (!requestBody.consumed()) {
            // A body left unread (or too large to read) would leave the connection in doubt: close it.
            response.getHeaders().put(HttpHeader.CONNECTION, "close");
        }
        response.setStatus(answer.status());
        if (answer.body() != null) {
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, answer.contentType());
        }
        // Answers are data, never pages to sniff or frame; the dashboard's routes set stricter headers of their own.
        response.getHeaders().put("X-Content-Type-Options", "nosniff");
        response.getHeaders().put("X-Frame-Options", "DENY");
        for (Map.Entry<String, String> h : answer.headers().entrySet()) {
            response.getHeaders().put(h.getKey(), h.getValue());
        }
        for (String cookie : answer.cookies()) {
            response.getHeaders().add(HttpHeader.SET_COOKIE, cookie);
        }
        response.write(true, ByteBuffer.wrap(body), callback);
        return true;
    }

    /**
     * The request body, read at most once; a handler that does not ask for it leaves it to be read (and
     * dropped) before the answer, so the connection can carry the next request.
     */
    private final class BodyOnce implements ApiRequest.RequestBody {
        private final Request request;
        private byte[] bytes;
        private boolean failed;

        BodyOnce(Request request) {
            this.request = request;
        }

        @Override
        public byte[] read() throws IOException {
            if (bytes == null) {
                try {
                    bytes = readBody(request);
                } catch (IOException | RuntimeException e) {
                    failed = true;
                    throw e;
                }
            }
            return bytes;
        }

        boolean consumed() {
            if (bytes == null && !failed) {
                try {
                    read();
                } catch (IOException | RuntimeException e) {
                    return false;
                }
            }
            return !failed;
        }
    }

    /** The request body, refused with 413 beyond the limit, before reading it when its length says so. */
    private byte[] readBody(Request request) throws IOException {
        long declared = request.getLength();
        if (declared > maxRequestBytes) {
            throw tooLarge(declared);
        }
        try (InputStream in = Content.Source.asInputStream(request)) {
            byte[] bytes = in.readNBytes(maxRequestBytes + 1);
            if (bytes.length > maxRequestBytes) {
                throw tooLarge(-1);
            }
            return bytes;
        }
    }

    private ApiProblem tooLarge(long declared) {
        return ApiProblem.tooLarge(null, "the request body " + (declared >= 0 ? "is " + declared + " bytes, " : "is ")
                + "larger than the limit of " + maxRequestBytes + " bytes (max-request-bytes)");
    }
}
