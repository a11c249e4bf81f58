package dev.tock.workflow;

/**
 * The bounds a run keeps, recorded when it starts.
 *
 * @param maxFanOut the most items one forEach step may have
 * @param maxStepOutputBytes the largest output a step may record; a fan-in output over it becomes the count of items
 */
public record RunLimits(int maxFanOut, int maxStepOutputBytes) {
    public static final int DEFAULT_MAX_FAN_OUT = 10_000;
    public static final int DEFAULT_MAX_STEP_OUTPUT_BYTES = 256 * 1024;
    public static final RunLimits DEFAULT = new RunLimits(DEFAULT_MAX_FAN_OUT, DEFAULT_MAX_STEP_OUTPUT_BYTES);
}
