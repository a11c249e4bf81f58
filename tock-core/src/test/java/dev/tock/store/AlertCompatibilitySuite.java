package dev.tock.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.alert.Alert;
import dev.tock.alert.AlertObject;
import dev.tock.alert.AlertState;
import dev.tock.alert.Notification;
import dev.tock.alert.Transition;
import dev.tock.testing.StoreFixture;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Alerts as every {@link AlertStore} must keep them: specs by name; each transition recorded once however many
 * evaluators race for it, with its outbox rows in the same transaction; an occurrence alerted once, ever; and
 * outbox rows claimed by one sender at a time, and by another once a claim expires.
 */
public abstract class AlertCompatibilitySuite extends StoreFixture {
    private final Instant now = Instant.parse("2026-03-01T10:00:00Z");

    private Alert alert(String occurrence) {
        return new Alert(UUID.randomUUID(), "default", "nightly-failed", "failed", "schedule/nightly", occurrence, AlertState.FIRING,
                "critical", "the latest 3 runs failed", now, Optional.empty(), Optional.empty(), Optional.empty(), 0, now);
    }

    private static List<Notification> notes(Alert alert, Transition transition, String state, String... channels) {
        List<Notification> out = new ArrayList<>();
        for (String channel : channels) {
            out.add(new Notification(UUID.randomUUID(), alert.id() + "/" + transition.wireName() + "/" + channel, "default", channel,
                    transition, alert, state, 0, Optional.empty(), Instant.parse("2026-03-01T10:00:00Z"), Optional.empty()));
        }
        return out;
    }

    @Test
    void specsAreSavedReplacedListedAndDeleted() {
        assertThat(store.alerts().save(AlertObject.RULE, "default", "r1", "{\"severity\":\"warning\"}")).isTrue();
        assertThat(store.alerts().save(AlertObject.RULE, "default", "r1", "{\"severity\":\"critical\"}")).isFalse();
        assertThat(store.alerts().save(AlertObject.CHANNEL, "default", "r1", "{\"type\":\"slack\"}")).isTrue();
        assertThat(store.alerts().find(AlertObject.RULE, "default", "r1").orElseThrow().json()).contains("critical");
        assertThat(store.alerts().list(AlertObject.RULE, Optional.of("default"))).hasSize(1);
        assertThat(store.alerts().list(AlertObject.CHANNEL, Optional.empty())).hasSize(1);
        assertThat(store.alerts().ruleCount()).isEqualTo(1);
        assertThat(store.alerts().delete(AlertObject.RULE, "default", "r1")).isTrue();
        assertThat(store.alerts().delete(AlertObject.RULE, "default", "r1")).isFalse();
        assertThat(store.alerts().ruleCount()).isZero();
    }

    @Test
    void racingEvaluatorsRecordAFiringOnceWithItsNotifications() throws Exception {
        int racers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(racers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < racers; i++) {
                // Each evaluator makes its own alert id, as separate nodes do; the keys are the same.
                Alert mine = alert("2026-03-01T09:57:00Z");
                Callable<Boolean> fire = () -> {
                    start.await();
                    return store.alerts().fire(mine, notes(mine, Transition.FIRING, "pending", "ops", "mail"));
                };
                results.add(pool.submit(fire));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> r : results) {
                won += r.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        List<Alert> firing = store.alerts().firing();
        assertThat(firing).hasSize(1);
        assertThat(store.alerts().notifications(firing.getFirst().id())).extracting(Notification::channel).containsExactlyInAnyOrder("ops", "mail");
    }

    @Test
    void anOccurrenceIsAlertedOnceEverAndANewOneAfterResolving() {
        Alert first = alert("streak-1");
        assertThat(store.alerts().fire(first, notes(first, Transition.FIRING, "pending", "ops"))).isTrue();
        Alert whileOpen = alert("streak-2");
        assertThat(store.alerts().fire(whileOpen, notes(whileOpen, Transition.FIRING, "pending", "ops"))).isFalse();

        assertThat(store.alerts().resolve(first.id(), now.plusSeconds(60), notes(first, Transition.RESOLVED, "pending", "ops"))).isTrue();
        assertThat(store.alerts().resolve(first.id(), now.plusSeconds(61), notes(first, Transition.RESOLVED, "pending", "ops"))).isFalse();
        Alert again = alert("streak-1");
        assertThat(store.alerts().fire(again, notes(again, Transition.FIRING, "pending", "ops"))).isFalse();
        Alert next = alert("streak-2");
        assertThat(store.alerts().fire(next, notes(next, Transition.FIRING, "pending", "ops"))).isTrue();

        Alert resolved = store.alerts().findAlert("default", first.id()).orElseThrow();
        assertThat(resolved.state()).isEqualTo(AlertState.RESOLVED);
        assertThat(resolved.resolvedAt()).contains(now.plusSeconds(60));
        assertThat(store.alerts().notifications(first.id())).extracting(Notification::transition)
                .containsExactly(Transition.FIRING, Transition.RESOLVED);
        assertThat(store.alerts().alerts("default", Optional.of(AlertState.FIRING), 10)).extracting(Alert::id).containsExactly(next.id());
        assertThat(store.alerts().alerts("default", Optional.empty(), 10)).hasSize(2);
    }

    @Test
    void aRepeatIsRecordedOncePerStepAndAcknowledgingIsKept() {
        Alert a = alert("x");
        store.alerts().fire(a, notes(a, Transition.FIRING, "pending", "ops"));
        assertThat(store.alerts().reAlert(a.id(), 0, now.plusSeconds(3600), notes(a, Transition.REALERT, "pending", "ops"))).isTrue();
        assertThat(store.alerts().reAlert(a.id(), 0, now.plusSeconds(3601), notes(a, Transition.REALERT, "pending", "ops"))).isFalse();
        assertThat(store.alerts().findAlert("default", a.id()).orElseThrow().reAlerts()).isEqualTo(1);
        assertThat(store.alerts().acknowledge("default", a.id(), "ada", now)).isTrue();
        assertThat(store.alerts().findAlert("default", a.id()).orElseThrow().acknowledgedBy()).contains("ada");
        assertThat(store.alerts().acknowledge("other", a.id(), "ada", now)).isFalse();
    }

    @Test
    void suppressedNotificationsAreRecordedButNeverClaimed() {
        Alert a = alert("y");
        store.alerts().fire(a, notes(a, Transition.FIRING, "suppressed", "ops"));
        assertThat(store.alerts().claim("node-a", Duration.ofSeconds(30), 10)).isEmpty();
        assertThat(store.alerts().notifications(a.id())).extracting(Notification::state).containsExactly("suppressed");
    }

    @Test
    void aClaimIsHeldByOneSenderAndTakenOverWhenItExpires() throws Exception {
        Alert a = alert("z");
        store.alerts().fire(a, notes(a, Transition.FIRING, "pending", "ops", "mail"));
        List<Notification> first = store.alerts().claim("node-a", Duration.ofMillis(300), 1);
        List<Notification> second = store.alerts().claim("node-b", Duration.ofSeconds(30), 10);
        assertThat(first).hasSize(1);
        assertThat(second).hasSize(1);
        Set<String> keys = new HashSet<>(List.of(first.getFirst().key(), second.getFirst().key()));
        assertThat(keys).hasSize(2);
        assertThat(store.alerts().sent(second.getFirst().id(), "node-b")).isTrue();

        // node-a "dies" holding its claim: once the claim expires, node-c sends the same row, same key.
        List<Notification> takenOver = List.of();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (takenOver.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            takenOver = store.alerts().claim("node-c", Duration.ofSeconds(30), 10);
        }
        assertThat(takenOver).extracting(Notification::key).containsExactly(first.getFirst().key());
        assertThat(takenOver.getFirst().attempts()).isEqualTo(2);
        assertThat(store.alerts().sent(first.getFirst().id(), "node-a")).isFalse();
        assertThat(store.alerts().sent(first.getFirst().id(), "node-c")).isTrue();
        assertThat(store.alerts().claim("node-d", Duration.ofSeconds(30), 10)).isEmpty();
    }

    @Test
    void aFailedSendIsRetriedAtItsTimeAndGivenUpWhenAsked() {
        Alert a = alert("w");
        store.alerts().fire(a, notes(a, Transition.FIRING, "pending", "ops"));
        Notification n = store.alerts().claim("node-a", Duration.ofSeconds(30), 10).getFirst();
        store.alerts().failed(n.id(), "node-a", Optional.of(store.now().plusSeconds(3600)), "503 from the receiver");
        assertThat(store.alerts().claim("node-a", Duration.ofSeconds(30), 10)).isEmpty();
        assertThat(store.alerts().notifications(a.id()).getFirst().lastError()).contains("503 from the receiver");

        Alert b = alert("v");
        b = new Alert(b.id(), b.namespace(), "other-rule", b.condition(), b.subject(), b.occurrence(), b.state(), b.severity(), b.summary(),
                b.firedAt(), b.resolvedAt(), b.acknowledgedAt(), b.acknowledgedBy(), 0, b.lastNotifiedAt());
        store.alerts().fire(b, notes(b, Transition.FIRING, "pending", "ops"));
        Notification m = store.alerts().claim("node-a", Duration.ofSeconds(30), 10).getFirst();
        store.alerts().failed(m.id(), "node-a", Optional.empty(), "gave up");
        assertThat(store.alerts().notifications(b.id()).getFirst().state()).isEqualTo("failed");
    }
}
