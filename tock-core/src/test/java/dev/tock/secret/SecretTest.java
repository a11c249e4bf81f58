package dev.tock.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tock.model.InvalidJobException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretTest {

    @Test
    void itsTextNamesKeysButNeverValues() {
        Secret secret = Secret.of("default", "db", Map.of("password", "s3cr3t-value", "user", "app"));
        assertThat(secret.toString()).isEqualTo("Secret[namespace=default, name=db, keys=[password, user]]");
    }

    @Test
    void badNamesKeysAndValuesAreRefusedWithoutQuotingAValue() {
        assertThatThrownBy(() -> Secret.of("default", "Bad_Name", Map.of("k", "v")))
                .isInstanceOf(InvalidJobException.class).hasMessageStartingWith("name:");
        assertThatThrownBy(() -> Secret.of("default", "db", Map.of()))
                .isInstanceOf(InvalidJobException.class).hasMessageStartingWith("data:");
        assertThatThrownBy(() -> Secret.of("default", "db", Map.of("bad key", "v")))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("bad key");
        assertThatThrownBy(() -> Secret.of("default", "db", Map.of("k", "top\0secret")))
                .isInstanceOf(InvalidJobException.class).hasMessageStartingWith("data.k:").hasMessageNotContaining("secret");
        assertThatThrownBy(() -> Secret.of("default", "db", Map.of("k", "x".repeat(Secret.MAX_BYTES + 1))))
                .isInstanceOf(InvalidJobException.class).hasMessageContaining("limit");
    }
}
