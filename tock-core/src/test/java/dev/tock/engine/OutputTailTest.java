package dev.tock.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.handler.OutputTail;
import org.junit.jupiter.api.Test;

class OutputTailTest {
    @Test
    void emptyOutputIsAbsent() {
        OutputTail tail = new OutputTail(10);
        assertThat(tail.text()).isEmpty();
        tail.append("");
        assertThat(tail.text()).isEmpty();
    }

    @Test
    void outputWithinTheLimitIsKeptWhole() {
        OutputTail tail = new OutputTail(10);
        tail.append("hello ");
        tail.append("you!");
        assertThat(tail.text()).contains("hello you!");
    }

    @Test
    void keepsOnlyTheLastCharactersAndMarksTruncation() {
        OutputTail tail = new OutputTail(5);
        tail.append("abc");
        tail.append("defg");
        assertThat(tail.text()).contains("…cdefg");
    }

    @Test
    void aSingleLargeChunkIsCutToItsEnd() {
        OutputTail tail = new OutputTail(4);
        tail.append("0123456789");
        assertThat(tail.text()).contains("…6789");
    }

    @Test
    void truncationStaysMarkedAfterLaterSmallWrites() {
        OutputTail tail = new OutputTail(3);
        tail.append("abcdef");
        tail.append("g");
        assertThat(tail.text()).contains("…efg");
    }
}
