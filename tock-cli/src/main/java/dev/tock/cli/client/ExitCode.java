package dev.tock.cli.client;

/** The exit codes of the client commands, kept apart so scripts can tell a refusal from a lost server. */
public final class ExitCode {
    /** The command did what was asked ({@code tock diff}: no differences). */
    public static final int OK = 0;
    /** The server refused the request (a 4xx problem) or answered with an error; {@code tock diff}: differences found. */
    public static final int REFUSED = 1;
    /** The command line was wrong: unknown option, bad value, unreadable file (picocli's own code for usage errors). */
    public static final int USAGE = 2;
    /** The server could not be reached at all. */
    public static final int UNREACHABLE = 3;
    /** {@code --wait}: the workflow run ended failed or cancelled. */
    public static final int RUN_FAILED = 4;
    /** {@code --wait --timeout}: the timeout passed before the run ended; the run goes on. */
    public static final int STILL_RUNNING = 5;

    private ExitCode() {
    }
}
