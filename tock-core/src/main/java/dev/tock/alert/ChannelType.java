package dev.tock.alert;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** How a channel delivers: a signed JSON webhook, a Slack incoming webhook, PagerDuty Events v2, or email. */
public enum ChannelType {
    WEBHOOK, SLACK, PAGERDUTY, EMAIL;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Optional<ChannelType> fromWireName(String text) {
        return Arrays.stream(values()).filter(k -> k.wireName().equals(text)).findFirst();
    }
}
