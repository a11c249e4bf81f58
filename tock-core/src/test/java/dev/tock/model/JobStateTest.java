package dev.tock.model;

import static dev.tock.model.JobState.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobStateTest {
    /** The allowed transitions, written out independently of the implementation. */
    private static final Map<JobState, Set<JobState>> ALLOWED = Map.of(
            SCHEDULED, EnumSet.of(LEASED, RUNNING, READY, CANCELLED),
            READY, EnumSet.of(LEASED, RUNNING, READY, CANCELLED),
            FAILED, EnumSet.of(LEASED, RUNNING, READY, CANCELLED),
            LEASED, EnumSet.of(RUNNING, READY, SUCCEEDED, FAILED, DEAD, CANCELLED),
            RUNNING, EnumSet.of(READY, SUCCEEDED, FAILED, DEAD, CANCELLED),
            DEAD, EnumSet.of(READY),
            SUCCEEDED, EnumSet.noneOf(JobState.class),
            CANCELLED, EnumSet.of(READY));

    @Test
    void canTransitionToMatchesTheTable() {
        for (JobState from : JobState.values()) {
            for (JobState to : JobState.values()) {
                assertThat(from.canTransitionTo(to))
                        .as("%s -> %s", from, to)
                        .isEqualTo(ALLOWED.get(from).contains(to));
            }
        }
    }

    @Test
    void transitionToReturnsTheNextStateOrThrows() {
        for (JobState from : JobState.values()) {
            for (JobState to : JobState.values()) {
                if (ALLOWED.get(from).contains(to)) {
                    assertThat(from.transitionTo(to)).isEqualTo(to);
                } else {
                    assertThatThrownBy(() -> from.transitionTo(to))
                            .as("%s -> %s", from, to)
                            .isInstanceOf(IllegalStateException.class)
                            .hasMessageContaining(from.toString()).hasMessageContaining(to.toString());
                }
            }
        }
    }

    @Test
    void finalStatesAreSucceededDeadAndCancelled() {
        assertThat(EnumSet.allOf(JobState.class).stream().filter(JobState::isFinal))
                .containsExactlyInAnyOrder(SUCCEEDED, DEAD, CANCELLED);
    }

    @Test
    void onlyJobsThatEndedWithoutSuccessAreRetryableAndRetryMakesThemReady() {
        assertThat(EnumSet.allOf(JobState.class).stream().filter(JobState::isRetryable))
                .containsExactlyInAnyOrder(DEAD, CANCELLED);
        assertThat(EnumSet.allOf(JobState.class).stream().filter(JobState::isRetryable))
                .allSatisfy(s -> assertThat(s.canTransitionTo(READY)).isTrue());
    }

    @Test
    void pendingStatesWaitForALease() {
        assertThat(PENDING).containsExactlyInAnyOrder(SCHEDULED, READY, FAILED);
        assertThat(PENDING).allSatisfy(s -> assertThat(s.canTransitionTo(RUNNING)).isTrue());
    }

    @Test
    void heldStatesAreLeasedAndRunningAndALeasedJobMayStartRunning() {
        assertThat(HELD).containsExactlyInAnyOrder(LEASED, RUNNING);
        assertThat(PENDING).allSatisfy(s -> assertThat(s.canTransitionTo(LEASED)).isTrue());
        assertThat(LEASED.canTransitionTo(RUNNING)).isTrue();
        assertThat(RUNNING.canTransitionTo(LEASED)).isFalse();
    }

    @Test
    void wireNameIsLowerCaseAndRoundTrips() {
        assertThat(RUNNING.wireName()).isEqualTo("running");
        for (JobState s : JobState.values()) {
            assertThat(JobState.fromWireName(s.wireName())).isEqualTo(s);
        }
        assertThatThrownBy(() -> JobState.fromWireName("paused")).isInstanceOf(IllegalArgumentException.class);
    }
}
