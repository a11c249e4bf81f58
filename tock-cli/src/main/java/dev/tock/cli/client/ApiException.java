package dev.tock.cli.client;

import java.util.Optional;

/**
 * The server answered with an error: an RFC 9457 problem (or, from something that is not a Tock server,
 * any other error response, whose status stands in for the title).
 */
public final class ApiException extends ClientException {
    private final int status;
    private final String title;
    private final String detail;
    private final Optional<String> field;

    public ApiException(int status, String title, String detail, Optional<String> field) {
        super(title + ": " + detail + field.map(f -> " (field " + f + ")").orElse(""), null);
        this.status = status;
        this.title = title;
        this.detail = detail;
        this.field = field;
    }

    public int status() {
        return status;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return detail;
    }

    /** The request field the server refused, when it named one. */
    public Optional<String> field() {
        return field;
    }

    public boolean isNotFound() {
        return status == 404;
    }

    @Override
    public int exitCode() {
        return ExitCode.REFUSED;
    }
}
