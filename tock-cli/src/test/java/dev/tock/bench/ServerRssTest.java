package dev.tock.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * tock-bench's server RSS measurement, here in tock-cli's tests because it runs {@code tock server}: tock-bench
 * cannot depend on tock-cli (tock-cli depends on it), and this module's test class path holds both. It runs the
 * tool from that class path as {@code tock-bench/run} runs it from the shaded jar.
 */
class ServerRssTest {
    private static final String URL = System.getenv().getOrDefault("TOCK_TEST_PG_URL", PeerBench.DEFAULT_DB);

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void serverRssIsReadWhileClientsEnqueue() {
        TockCli cli = new TockCli(System.getProperty("java.class.path"));

        // More requests than the default per-token rate limit allows in its burst: the server runs without it.
        ServerRss.Result result = ServerRss.measure(cli, URL, 500, List.of("-Xss1m"));

        assertThat(result.javaOptions()).as("./tock server's defaults, then the options given").containsExactly("-Xmx256m", "-Xss1m");
        assertThat(result.idleMiB()).isPositive();
        assertThat(result.peakMiB()).isGreaterThanOrEqualTo(result.idleMiB());
        assertThat(result.singleRequestsPerSecond()).isPositive();
        assertThat(result.batchJobsPerSecond()).isPositive();
    }
}
