package dev.tock.cli.client;

/**
 * Marks a command whose exit code 1 is an answer rather than a failure ({@code tock diff}: there are
 * differences); its failures exit with at least {@link ExitCode#USAGE}, as kubectl diff does.
 */
public interface FailsAboveOne {
}
