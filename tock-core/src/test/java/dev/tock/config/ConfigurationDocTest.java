package dev.tock.config;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tock.config.ConfigReference.Setting;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Keeps {@code docs/configuration.md} the rendering of {@link ConfigReference}, and the reference's defaults
 * true to {@link TockConfig}. {@code -Dtock.docs.write=true} rewrites the page instead of failing.
 */
class ConfigurationDocTest {
    private static final Path PAGE = Path.of("..", "docs", "configuration.md");
    private static final String REGENERATE =
            "./build -q -pl tock-core test -Dtest=ConfigurationDocTest -Dtock.docs.write=true";

    @Test
    void theConfigurationPageIsTheRenderedReference() throws IOException {
        String rendered = ConfigReference.markdown();
        if (Boolean.getBoolean("tock.docs.write")) {
            Files.writeString(PAGE, rendered);
        }
        String page = Files.exists(PAGE) ? Files.readString(PAGE) : "";
        assertThat(page).as("docs/configuration.md is generated from ConfigReference; regenerate it with " + REGENERATE)
                .isEqualTo(rendered);
    }

    @Test
    void documentedDefaultsAreTheDefaults() {
        TockConfig defaults = TockConfig.builder().nodeId("n").build();
        for (Setting s : ConfigReference.SETTINGS) {
            s.defaultValue().ifPresent(value -> assertThat(TockConfig.builder().nodeId("n").set(s.key(), value).build())
                    .as("documented default of " + s.key() + ": " + value).isEqualTo(defaults));
        }
    }

    @Test
    void everySettingIsDocumentedOnce() {
        assertThat(ConfigReference.SETTINGS).extracting(Setting::key).doesNotHaveDuplicates()
                .containsExactlyElementsOf(TockConfig.KEYS.keySet());
        assertThat(ConfigReference.SETTINGS).allSatisfy(s -> assertThat(s.meaning()).isNotBlank().doesNotContain("|"));
    }
}
