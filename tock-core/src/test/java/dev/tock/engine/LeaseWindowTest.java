package dev.tock.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LeaseWindowTest {

    @Test
    void startsAtTwiceTheWorkersAtLeast32AndAtMostTheBatch() {
        assertThat(new LeaseWindow(8, 1000).size()).isEqualTo(32);
        assertThat(new LeaseWindow(32, 1000).size()).isEqualTo(64);
        assertThat(new LeaseWindow(32, 10).size()).isEqualTo(10);
        assertThat(new LeaseWindow(8, 1000).maxInFlight()).isEqualTo(40);
        assertThat(new LeaseWindow(8, 1000).refillAt()).isEqualTo(24);
    }

    @Test
    void fastJobsThatLeaveWorkersIdleDoubleTheWindowUpToTheBatch() {
        LeaseWindow window = new LeaseWindow(8, 1000);
        for (int expected : new int[] {64, 128, 256, 512, 1000, 1000}) {
            window.beforeLease(0, true);
            assertThat(window.size()).isEqualTo(expected);
        }
        assertThat(window.maxInFlight()).isEqualTo(1008);
    }

    @Test
    void idleWorkersWithoutMoreWorkInTheStoreLeaveTheWindowAlone() {
        LeaseWindow window = new LeaseWindow(8, 1000);
        for (int i = 0; i < 10; i++) {
            window.beforeLease(0, false);
        }
        assertThat(window.size()).isEqualTo(32);
    }

    @Test
    void jobsQueuedForAWorkerShrinkTheWindowBackToItsFloor() {
        LeaseWindow window = new LeaseWindow(8, 1000);
        for (int i = 0; i < 5; i++) {
            window.beforeLease(0, true);
        }
        window.beforeLease(20, true);
        assertThat(window.size()).isEqualTo(875);
        for (int i = 0; i < 100; i++) {
            window.beforeLease(20, true);
        }
        assertThat(window.size()).isEqualTo(32);
    }

    @Test
    void allWorkersBusyAndNothingQueuedKeepsTheWindow() {
        LeaseWindow window = new LeaseWindow(8, 1000);
        window.beforeLease(0, true);
        window.beforeLease(8, true);
        assertThat(window.size()).isEqualTo(64);
    }
}
