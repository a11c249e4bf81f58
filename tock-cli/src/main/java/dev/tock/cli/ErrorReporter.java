package dev.tock.cli;

import dev.tock.TockException;
import picocli.CommandLine;

/** Turns failures into one clear line on stderr and a non-zero exit code; stack traces only for bugs. */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    static final int USER_ERROR = 2;
    static final int FAILURE = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof TockException || e instanceof IllegalArgumentException) {
            cmd.getErr().println("tock: " + e.getMessage());
            return USER_ERROR;
        }
        cmd.getErr().println("tock: unexpected failure: " + e);
        e.printStackTrace(cmd.getErr());
        return FAILURE;
    }
}
