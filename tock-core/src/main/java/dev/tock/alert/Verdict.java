package dev.tock.alert;

/** What a condition says of a subject now: bad (fire, once per incident), good (resolve), or not yet known (keep as is). */
public sealed interface Verdict {

    /**
     * @param occurrence what this incident is about — a nominal time, a job, a streak's first failure — so that
     *     one occurrence is alerted once however often it is evaluated
     */
    record Bad(String occurrence, String summary) implements Verdict {
    }

    record Good() implements Verdict {
    }

    record Keep() implements Verdict {
    }

    Verdict GOOD = new Good();
    Verdict KEEP = new Keep();

    static Verdict bad(String occurrence, String summary) {
        return new Bad(occurrence, summary);
    }
}
