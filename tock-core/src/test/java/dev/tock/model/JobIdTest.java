package dev.tock.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JobIdTest {
    private static final long MILLIS = 1_717_171_717_171L;

    @Test
    void generatedIdsAreVersion7WithTheIetfVariant() {
        for (int i = 0; i < 100; i++) {
            JobId id = JobId.generate(MILLIS + i);
            assertThat(id.value().version()).isEqualTo(7);
            assertThat(id.value().variant()).isEqualTo(2);
        }
        assertThat(JobId.generate().value().version()).isEqualTo(7);
    }

    @Test
    void epochMillisReturnsTheMillisecondGiven() {
        assertThat(JobId.generate(MILLIS).epochMillis()).isEqualTo(MILLIS);
        assertThat(JobId.generate(0).epochMillis()).isZero();
        assertThat(JobId.generate((1L << 47) - 1).epochMillis()).isEqualTo((1L << 47) - 1);
    }

    @Test
    void generateWithoutArgumentUsesTheCurrentMillisecond() {
        long before = System.currentTimeMillis();
        long encoded = JobId.generate().epochMillis();
        long after = System.currentTimeMillis();
        assertThat(encoded).isBetween(before, after);
    }

    @Test
    void idsFromLaterMillisecondsSortAfterEarlierOnes() {
        List<JobId> earlier = new ArrayList<>();
        List<JobId> later = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            earlier.add(JobId.generate(MILLIS));
            later.add(JobId.generate(MILLIS + 1));
        }
        for (JobId e : earlier) {
            for (JobId l : later) {
                assertThat(e).isLessThan(l);
            }
        }
    }

    @Test
    void parseRoundTripsTheTextForm() {
        JobId id = JobId.generate(MILLIS);
        assertThat(JobId.parse(id.toString())).isEqualTo(id);
        assertThat(id.toString()).isEqualTo(id.value().toString());
    }

    @Test
    void parseOfGarbageNamesTheIdField() {
        for (String garbage : new String[] {"", "not-a-job-id", "1234", "0190a5b2-0000-7000-8000-00000000000g"}) {
            assertThatThrownBy(() -> JobId.parse(garbage))
                    .as(garbage)
                    .isInstanceOf(InvalidJobException.class)
                    .satisfies(e -> assertThat(((InvalidJobException) e).field()).isEqualTo("id"));
        }
        assertThatThrownBy(() -> JobId.parse(null)).isInstanceOf(InvalidJobException.class);
    }

    @Test
    void parseRejectsNonCanonicalFormsThatUuidFromStringTolerates() {
        for (String loose : new String[] {"1-1-1-1-1", "+0190a5b2-0000-7000-8000-00000000000"}) {
            assertThatThrownBy(() -> JobId.parse(loose)).as(loose).isInstanceOf(InvalidJobException.class);
        }
        JobId id = JobId.generate(MILLIS);
        assertThat(JobId.parse(id.toString().toUpperCase(java.util.Locale.ROOT))).isEqualTo(id);
    }

    @Test
    void nullValueIsRejected() {
        assertThatThrownBy(() -> new JobId(null)).isInstanceOf(IllegalArgumentException.class);
    }
}
