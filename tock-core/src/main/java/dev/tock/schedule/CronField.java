package dev.tock.schedule;

/**
 * One field of a cron expression, with the name errors report it under and the values it takes.
 * Package-private: callers see these only as {@code schedule.<name>} in an
 * {@link dev.tock.model.InvalidJobException#field()}.
 */
enum CronField {
    SECOND("second", "0-59"),
    MINUTE("minute", "0-59"),
    HOUR("hour", "0-23"),
    DAY_OF_MONTH("dayOfMonth", "1-31"),
    MONTH("month", "1-12 or JAN-DEC"),
    DAY_OF_WEEK("dayOfWeek", "0-7 or SUN-SAT, where 0 and 7 are Sunday");

    /** Fields of the five-field form, as Kubernetes CronJobs and crontab write them. */
    static final CronField[] FIVE = {MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK};
    /** Fields of the six-field form: a leading seconds field, then the five. */
    static final CronField[] SIX = {SECOND, MINUTE, HOUR, DAY_OF_MONTH, MONTH, DAY_OF_WEEK};

    private final String label;
    private final String allowed;

    CronField(String label, String allowed) {
        this.label = label;
        this.allowed = allowed;
    }

    /** The camel-case name used in error fields and messages, e.g. {@code dayOfMonth}. */
    String label() {
        return label;
    }

    /** The values this field accepts, for error messages. */
    String allowed() {
        return allowed;
    }

    /** The error field for a bad value here, e.g. {@code schedule.minute}. */
    String errorField() {
        return "schedule." + label;
    }
}
