package dev.tock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tock.TockException;
import dev.tock.handler.JobHandler;
import dev.tock.handler.HandlerProvider;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handlers of {@code tock server}: every provider's, each type from one provider only. */
class ProvidedHandlersTest {
    private static final JobHandler NOTHING = ctx -> { };

    @Test
    void everyProvidersHandlersAreTaken() {
        Map<String, JobHandler> handlers = ProvidedHandlers.collect(List.of(new Mail(), new Reports()));

        assertThat(handlers).containsOnlyKeys("mail.send", "report.daily", "report.weekly");
    }

    @Test
    void aTypeFromTwoProvidersIsRefusedNamingBoth() {
        assertThatThrownBy(() -> ProvidedHandlers.collect(List.of(new Reports(), new Mail(), new DailyReport())))
                .isInstanceOf(TockException.class).hasMessageContaining("job type report.daily")
                .hasMessageContaining(Reports.class.getName()).hasMessageContaining(DailyReport.class.getName());
    }

    @Test
    void theTestProviderOnThisClassPathContributesNothingUnlessSwitchedOn() {
        assertThat(ProvidedHandlers.load()).as("in-process servers of other tests keep their own handlers").isEmpty();
    }

    static final class Mail implements HandlerProvider {
        @Override
        public Map<String, JobHandler> handlers() {
            return Map.of("mail.send", NOTHING);
        }
    }

    static final class DailyReport implements HandlerProvider {
        @Override
        public Map<String, JobHandler> handlers() {
            return Map.of("report.daily", NOTHING);
        }
    }

    static final class Reports implements HandlerProvider {
        @Override
        public Map<String, JobHandler> handlers() {
            return Map.of("report.daily", NOTHING, "report.weekly", NOTHING);
        }
    }
}
