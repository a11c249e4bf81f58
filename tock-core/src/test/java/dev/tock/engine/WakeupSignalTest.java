package dev.tock.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WakeupSignalTest {
    private static long past() {
        return System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
    }

    @Test
    void aSignalGivenBeforeAwaitingIsKept() throws Exception {
        WakeupSignal signal = new WakeupSignal();
        signal.signal();
        assertThat(signal.awaitUntil(past())).isTrue();
    }

    @Test
    void aPastDeadlineWithoutSignalReturnsFalse() throws Exception {
        assertThat(new WakeupSignal().awaitUntil(past())).isFalse();
    }

    @Test
    void aSignalIsConsumedByOneAwait() throws Exception {
        WakeupSignal signal = new WakeupSignal();
        signal.signal();
        signal.signal();
        assertThat(signal.awaitUntil(past())).isTrue();
        assertThat(signal.awaitUntil(past())).isFalse();
    }

    @Test
    void aSignalFromAnotherThreadEndsAWait() throws Exception {
        WakeupSignal signal = new WakeupSignal();
        long farFuture = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        CompletableFuture<Boolean> woke = CompletableFuture.supplyAsync(() -> {
            try {
                return signal.awaitUntil(farFuture);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        signal.signal();
        assertThat(woke.get(10, TimeUnit.SECONDS)).isTrue();
    }
}
