package dev.tock.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EncryptionKeyTest {
    private static final byte[] RAW = new byte[32];

    static {
        for (int i = 0; i < RAW.length; i++) {
            RAW[i] = (byte) (i * 7 + 1);
        }
    }

    @TempDir
    Path dir;

    @Test
    void aKeyIsReadFromBase64TextOrRawBytesAndIdentifiedWithoutShowingIt() throws Exception {
        String text = Base64.getEncoder().encodeToString(RAW);
        EncryptionKey fromText = EncryptionKey.fromBase64(text + "\n");
        Path textFile = Files.writeString(dir.resolve("key.txt"), text + "\n");
        Path rawFile = Files.write(dir.resolve("key.bin"), RAW);

        assertThat(EncryptionKey.fromFile(textFile)).isEqualTo(fromText);
        assertThat(EncryptionKey.fromFile(rawFile)).isEqualTo(fromText);
        assertThat(EncryptionKey.fromBase64(Base64.getUrlEncoder().encodeToString(RAW))).isEqualTo(fromText);
        assertThat(fromText.id()).matches("[0-9a-f]{16}");
        assertThat(fromText.toString()).isEqualTo("EncryptionKey[id=" + fromText.id() + "]").doesNotContain(text);
        assertThat(EncryptionKey.generate().id()).isNotEqualTo(fromText.id());
    }

    @Test
    void aWrongKeyIsRefusedWithoutRepeatingIt() throws Exception {
        String shortKey = Base64.getEncoder().encodeToString("sixteen byte key".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> EncryptionKey.fromBase64(shortKey))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("openssl rand -base64 32")
                .hasMessageNotContaining(shortKey);
        Path file = Files.writeString(dir.resolve("bad"), "hunter2-not-a-key");
        assertThatThrownBy(() -> EncryptionKey.fromFile(file))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(file.toString())
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> EncryptionKey.fromFile(dir.resolve("missing")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cannot read");
    }
}
