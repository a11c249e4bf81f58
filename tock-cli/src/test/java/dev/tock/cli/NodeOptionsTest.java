package dev.tock.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tock.config.ConfigException;
import dev.tock.config.TockConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code --db} and {@code --set} over the environment over the defaults, in that order. */
class NodeOptionsTest {
    private static final Map<String, String> ENVIRONMENT = Map.of(
            "TOCK_DB_URL", "jdbc:h2:mem:from-env", "TOCK_DB_SCHEMA", "env_schema", "TOCK_WORKER_THREADS", "3");

    @Test
    void withoutOptionsTheEnvironmentOverlaysTheDefaults() {
        TockConfig config = parse().configBuilder(ENVIRONMENT).build();

        assertThat(config.dbUrl()).isEqualTo("jdbc:h2:mem:from-env");
        assertThat(config.dbSchema()).isEqualTo("env_schema");
        assertThat(config.workerThreads()).isEqualTo(3);
        assertThat(config.port()).isEqualTo(TockConfig.defaults().port());
    }

    @Test
    void setWinsOverTheEnvironmentAndDbOverBoth() {
        TockConfig config = parse("--set", "worker-threads=5", "--set", "db-url=jdbc:h2:mem:from-set", "--db", "jdbc:h2:mem:from-option")
                .configBuilder(ENVIRONMENT).build();

        assertThat(config.workerThreads()).isEqualTo(5);
        assertThat(config.dbUrl()).isEqualTo("jdbc:h2:mem:from-option");
        assertThat(config.dbSchema()).isEqualTo("env_schema");
    }

    @Test
    void anUnknownSettingIsRefusedWithTheKnownOnes() {
        NodeOptions options = parse("--set", "no-such-setting=1");

        assertThatThrownBy(() -> options.configBuilder(Map.of())).isInstanceOf(ConfigException.class)
                .hasMessageContaining("no-such-setting").hasMessageContaining("db-url");
    }

    private static NodeOptions parse(String... args) {
        return CommandLine.populateCommand(new NodeOptions(), args);
    }
}
