package dev.tock.cli;

import dev.tock.TockException;
import dev.tock.cli.client.ClientException;
import dev.tock.cli.client.FailsAboveOne;
import picocli.CommandLine;

/** Turns failures into one clear line on stderr and a non-zero exit code; stack traces only for bugs. */
final class ErrorReporter implements CommandLine.IExecutionExceptionHandler {
    static final int USER_ERROR = 2;
    static final int FAILURE = 1;

    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, CommandLine.ParseResult parsed) {
        if (e instanceof ClientException expected) {
            cmd.getErr().println("error: " + expected.getMessage());
            cmd.getErr().flush();
            return cmd.getCommand() instanceof FailsAboveOne ? Math.max(expected.exitCode(), USER_ERROR) : expected.exitCode();
        }
        if (e instanceof TockException || e instanceof IllegalArgumentException) {
            cmd.getErr().println("tock: " + e.getMessage());
            return USER_ERROR;
        }
        cmd.getErr().println("tock: unexpected failure: " + e);
        e.printStackTrace(cmd.getErr());
        return FAILURE;
    }
}
