package dev.tock.service;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.alert.Alert;
import dev.tock.alert.AlertChannel;
import dev.tock.alert.AlertRule;
import dev.tock.alert.AlertState;
import dev.tock.alert.Notification;
import dev.tock.alert.Silence;
import dev.tock.alert.StoredSpec;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Alerts: rules that watch schedules, queues and job types, the channels that carry notifications, the
 * alerts raised and the silences that hush them. Specs go in as JSON (as the API and {@code tock apply}
 * send them); invalid input is refused with an {@link dev.tock.model.InvalidJobException} naming the field.
 */
public interface Alerts {

    /** A spec stored with its times, as read back. */
    record Saved<T>(T value, StoredSpec stored, boolean created) {
    }

    /**
     * Creates or replaces a rule. Its channels must exist.
     *
     * @throws dev.tock.model.InvalidJobException naming the field, e.g. {@code conditions[0].after}
     */
    Saved<AlertRule> saveRule(String namespace, String name, JsonNode spec);

    Optional<Saved<AlertRule>> rule(String namespace, String name);

    List<Saved<AlertRule>> rules(String namespace);

    /** False when there was none; its firing alerts resolve at the next evaluation. */
    boolean deleteRule(String namespace, String name);

    /**
     * Creates or replaces a channel; its host must be one the egress policy ({@code http-egress-allow}) allows.
     *
     * @throws dev.tock.model.InvalidJobException naming the field, e.g. {@code url} or {@code smtp.port}
     */
    Saved<AlertChannel> saveChannel(String namespace, String name, JsonNode spec);

    Optional<Saved<AlertChannel>> channel(String namespace, String name);

    List<Saved<AlertChannel>> channels(String namespace);

    boolean deleteChannel(String namespace, String name);

    /**
     * Sends a test message through a channel now and waits for it.
     *
     * @return empty when it was delivered, else why it was not
     * @throws dev.tock.model.NotFoundException when there is no such channel
     */
    Optional<String> test(String namespace, String channel);

    /** Creates or replaces a silence: {@code until} a time, or {@code cron} + {@code duration} (+ {@code zone}). */
    Saved<Silence> saveSilence(String namespace, String name, JsonNode spec);

    List<Saved<Silence>> silences(String namespace);

    boolean deleteSilence(String namespace, String name);

    /** A namespace's alerts, newest first; firing only or resolved only when {@code state} is given. */
    List<Alert> alerts(String namespace, Optional<AlertState> state, int limit);

    Optional<Alert> alert(String namespace, UUID id);

    /** The notifications of an alert (sent, pending, failed or suppressed), oldest first. */
    List<Notification> notifications(String namespace, UUID id);

    /** Acknowledges an alert: it stays firing, but is not repeated ({@code reAlert}). False when there is none. */
    boolean acknowledge(String namespace, UUID id, String by);

    /** Evaluates every rule once, now; returns how many transitions this call recorded. Nodes do it continuously. */
    int evaluate();

    /** Sends the due notifications once, now; returns how many were sent. Nodes do it continuously. */
    int deliver();
}
