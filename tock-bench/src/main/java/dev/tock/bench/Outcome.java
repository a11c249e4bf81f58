package dev.tock.bench;

import dev.tock.cli.bench.Lateness;

/**
 * What one run of one measurement gave: the figure (a rate, or lateness percentiles in milliseconds)
 * and how many of the jobs it was meant to run actually ran (or were stored, for enqueueing).
 */
record Outcome(double[] values, long expected, long executed) {

    static Outcome rate(double perSecond, long jobs) {
        return new Outcome(new double[] {perSecond}, jobs, jobs);
    }

    static Outcome lateness(Lateness lateness, long expected, long executed) {
        return new Outcome(new double[] {lateness.p50(), lateness.p99(), lateness.max()}, expected, executed);
    }

    /** Fire lateness and the share of nominal times that ran (percent) as a fourth value. */
    static Outcome cron(Lateness lateness, long expected, long executed) {
        double ran = expected == 0 ? 0 : 100.0 * executed / expected;
        return new Outcome(new double[] {lateness.p50(), lateness.p99(), lateness.max(), ran}, expected, executed);
    }

    double value() {
        return values[0];
    }

    boolean complete() {
        return executed == expected;
    }
}
