package dev.tock.engine;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.alert.Alert;
import dev.tock.alert.AlertChannel;
import dev.tock.alert.AlertMessage;
import dev.tock.alert.AlertObject;
import dev.tock.alert.AlertRule;
import dev.tock.alert.AlertSpecs;
import dev.tock.alert.AlertState;
import dev.tock.alert.Notification;
import dev.tock.alert.Silence;
import dev.tock.alert.StoredSpec;
import dev.tock.alert.Transition;
import dev.tock.executor.EgressPolicy;
import dev.tock.model.InvalidJobException;
import dev.tock.model.NotFoundException;
import dev.tock.secret.SecretResolver;
import dev.tock.service.Alerts;
import dev.tock.store.AlertStore;
import dev.tock.store.Store;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

/** {@link Alerts} over the {@link AlertStore}: specs checked here, evaluation and delivery in their own classes. */
final class AlertService implements Alerts {
    /** How often a node evaluates the rules and looks at the outbox: a missed or failed run is notified within about twice this. */
    static final Duration EVALUATION_INTERVAL = Duration.ofMillis(500);
    private final AlertStore alerts;
    private final EgressPolicy egress;
    private final AlertEvaluator evaluator;
    private final AlertDelivery delivery;
    private final ChannelSender sender;
    private final Supplier<Instant> clock;

    AlertService(Store store, String nodeId, EgressPolicy egress, SecretResolver secrets, Supplier<Instant> clock, Runnable recorded) {
        this.alerts = store.alerts();
        this.egress = egress;
        this.clock = clock;
        this.sender = new ChannelSender(egress, secrets, Clock.systemUTC());
        this.evaluator = new AlertEvaluator(store, clock, recorded);
        this.delivery = new AlertDelivery(nodeId, alerts, sender, clock);
    }

    @Override
    public Saved<AlertRule> saveRule(String namespace, String name, JsonNode spec) {
        AlertRule rule = AlertSpecs.rule(namespace, name, spec);
        for (int i = 0; i < rule.channels().size(); i++) {
            if (alerts.find(AlertObject.CHANNEL, namespace, rule.channels().get(i)).isEmpty()) {
                throw new InvalidJobException("channels[" + i + "]", "no AlertChannel " + rule.channels().get(i) + " in namespace " + namespace);
            }
        }
        return save(AlertObject.RULE, namespace, name, rule, rule.specJson().toString());
    }

    @Override
    public Optional<Saved<AlertRule>> rule(String namespace, String name) {
        return alerts.find(AlertObject.RULE, namespace, name).map(s -> saved(s, this::rule));
    }

    @Override
    public List<Saved<AlertRule>> rules(String namespace) {
        return alerts.list(AlertObject.RULE, Optional.of(namespace)).stream().map(s -> saved(s, this::rule)).toList();
    }

    @Override
    public boolean deleteRule(String namespace, String name) {
        return alerts.delete(AlertObject.RULE, namespace, name);
    }

    @Override
    public Saved<AlertChannel> saveChannel(String namespace, String name, JsonNode spec) {
        AlertChannel channel = AlertSpecs.channel(namespace, name, spec, egress);
        return save(AlertObject.CHANNEL, namespace, name, channel, channel.specJson().toString());
    }

    @Override
    public Optional<Saved<AlertChannel>> channel(String namespace, String name) {
        return alerts.find(AlertObject.CHANNEL, namespace, name).map(s -> saved(s, this::channel));
    }

    @Override
    public List<Saved<AlertChannel>> channels(String namespace) {
        return alerts.list(AlertObject.CHANNEL, Optional.of(namespace)).stream().map(s -> saved(s, this::channel)).toList();
    }

    @Override
    public boolean deleteChannel(String namespace, String name) {
        return alerts.delete(AlertObject.CHANNEL, namespace, name);
    }

    @Override
    public Optional<String> test(String namespace, String name) {
        AlertChannel channel = channel(namespace, name).map(Saved::value)
                .orElseThrow(() -> new NotFoundException("alert channel " + name + " not found in namespace " + namespace));
        Instant now = clock.get();
        UUID id = UUID.randomUUID();
        Alert alert = new Alert(id, namespace, "test", "test", "channel/" + name, now.toString(), AlertState.FIRING, "info",
                "A test message from Tock: channel " + name + " works.", now, Optional.empty(), Optional.empty(), Optional.empty(), 0, now);
        Notification note = new Notification(UUID.randomUUID(), "test/" + id, namespace, name, Transition.TEST, alert, "pending", 1,
                Optional.empty(), now, Optional.empty());
        try {
            sender.send(channel, new AlertMessage(note, channel.link()));
            return Optional.empty();
        } catch (ChannelSender.DeliveryException e) {
            return Optional.of(e.getMessage());
        }
    }

    @Override
    public Saved<Silence> saveSilence(String namespace, String name, JsonNode spec) {
        Silence silence = AlertSpecs.silence(namespace, name, spec);
        return save(AlertObject.SILENCE, namespace, name, silence, silence.specJson().toString());
    }

    @Override
    public List<Saved<Silence>> silences(String namespace) {
        return alerts.list(AlertObject.SILENCE, Optional.of(namespace)).stream()
                .map(s -> saved(s, x -> AlertSpecs.silence(x.namespace(), x.name(), AlertEvaluator.tree(x)))).toList();
    }

    @Override
    public boolean deleteSilence(String namespace, String name) {
        return alerts.delete(AlertObject.SILENCE, namespace, name);
    }

    @Override
    public List<Alert> alerts(String namespace, Optional<AlertState> state, int limit) {
        return alerts.alerts(namespace, state, limit);
    }

    @Override
    public Optional<Alert> alert(String namespace, UUID id) {
        return alerts.findAlert(namespace, id);
    }

    @Override
    public List<Notification> notifications(String namespace, UUID id) {
        return alert(namespace, id).map(a -> alerts.notifications(a.id())).orElse(List.of());
    }

    @Override
    public boolean acknowledge(String namespace, UUID id, String by) {
        return alerts.acknowledge(namespace, id, by, clock.get());
    }

    @Override
    public int evaluate() {
        return evaluator.run();
    }

    @Override
    public int deliver() {
        return delivery.run();
    }

    private AlertRule rule(StoredSpec s) {
        return AlertSpecs.rule(s.namespace(), s.name(), AlertEvaluator.tree(s));
    }

    private AlertChannel channel(StoredSpec s) {
        return AlertSpecs.storedChannel(s.namespace(), s.name(), AlertEvaluator.tree(s));
    }

    private <T> Saved<T> save(AlertObject kind, String namespace, String name, T value, String json) {
        boolean created = alerts.save(kind, namespace, name, json);
        return new Saved<>(value, alerts.find(kind, namespace, name).orElseThrow(), created);
    }

    private static <T> Saved<T> saved(StoredSpec s, Function<StoredSpec, T> parse) {
        return new Saved<>(parse.apply(s), s, false);
    }
}
