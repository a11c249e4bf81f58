package dev.tock.http;

import dev.tock.http.wire.Json;
import dev.tock.http.wire.Problem;
import java.nio.ByteBuffer;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

/**
 * Errors Jetty answers itself, before a request reaches Tock (a malformed request line, headers too
 * large, an ambiguous path), as problem documents rather than HTML pages; never with a stack trace.
 */
final class ProblemErrorHandler extends ErrorHandler {
    private final Json json;

    ProblemErrorHandler(Json json) {
        this.json = json;
        setShowStacks(false);
        setShowCauses(false);
    }

    @Override
    protected void generateResponse(Request request, Response response, int status, String message, Throwable cause,
                                    Callback callback) {
        // A request line whose version is not HTTP/1.x is a malformed request, not the server's failure.
        int code = status == 505 ? 400 : status;
        if (code != status && !response.isCommitted()) {
            response.setStatus(code);
            message = "the request line is malformed: it must end with HTTP/1.1";
        }
        String title = Optional.ofNullable(HttpStatus.getMessage(code)).orElse("Error");
        String detail = message == null || message.isBlank() ? title : message;
        String path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        Problem problem = new Problem(Problem.TYPE_PREFIX + (code >= 500 ? "internal-error" : "malformed-request"), title, code,
                code >= 500 ? "the server failed unexpectedly; the failure is in its log" : detail, null, path);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, ApiResponse.PROBLEM_JSON);
        response.write(true, ByteBuffer.wrap(json.write(problem)), callback);
    }
}
