package dev.tock.bench;

import dev.tock.bench.tock.Lateness;

/**
 * What one run of one measurement gave: the figure (a rate, or lateness percentiles in milliseconds)
 * and how many of the jobs it was meant to run actually ran (or were stored, for enqueueing).
 */
record Outcome(double[] values, long expected, long executed, boolean stoppedAtLimit) {

    static Outcome rate(double perSecond, long jobs) {
        return counted(perSecond, jobs, jobs);
    }

    /** A rate with the jobs that were meant to be stored or run and those that were. */
    static Outcome counted(double perSecond, long expected, long executed) {
        return new Outcome(new double[] {perSecond}, expected, executed, false);
    }

    /** A run stopped at its time limit: the rate of the jobs that ran until then. */
    static Outcome stopped(double perSecond, long expected, long executed) {
        return new Outcome(new double[] {perSecond}, expected, executed, true);
    }

    static Outcome lateness(Lateness lateness, long expected, long executed) {
        return new Outcome(new double[] {lateness.p50(), lateness.p99(), lateness.max()}, expected, executed, false);
    }

    /** Fire lateness and the share of nominal times that ran (percent) as a fourth value. */
    static Outcome cron(Lateness lateness, long expected, long executed) {
        double ran = expected == 0 ? 0 : 100.0 * executed / expected;
        return new Outcome(new double[] {lateness.p50(), lateness.p99(), lateness.max(), ran}, expected, executed, false);
    }

    double value() {
        return values[0];
    }

    boolean complete() {
        return executed == expected;
    }
}
