package dev.tock.alert;

/** The alert objects kept as specs: rules, channels and silences. */
public enum AlertObject {
    RULE, CHANNEL, SILENCE
}
