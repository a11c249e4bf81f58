package dev.tock;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TockVersionTest {

    @Test
    void theBuildRecordsTheProjectVersion() {
        assertThat(TockVersion.current()).matches("\\d+\\.\\d+\\.\\d+([-.].+)?");
    }
}
