package dev.tock.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SecretCipherTest {
    private static final String PLAINTEXT = "correct horse battery staple";
    private final SecretCipher cipher = new SecretCipher(EncryptionKey.generate());

    private SealedSecret sealedDb() {
        return cipher.seal(Secret.of("default", "db", Map.of("password", PLAINTEXT, "user", "app")));
    }

    @Test
    void aSealedSecretOpensToItsValuesAndHoldsNoPlaintext() {
        SealedSecret sealed = sealedDb();

        assertThat(sealed.toString()).doesNotContain(PLAINTEXT);
        assertThat(sealed.values().get("password").keyId()).isEqualTo(cipher.key().id()).hasSize(16);
        assertThat(new String(Base64.getDecoder().decode(sealed.values().get("password").ciphertext()))).doesNotContain(PLAINTEXT);
        assertThat(cipher.open(sealed).data()).isEqualTo(new TreeMap<>(Map.of("password", PLAINTEXT, "user", "app")));
    }

    @Test
    void everySealingUsesAFreshNonce() {
        assertThat(sealedDb().values().get("password").ciphertext()).isNotEqualTo(sealedDb().values().get("password").ciphertext());
    }

    @Test
    void anAlteredCiphertextIsRefused() {
        SealedValue value = sealedDb().values().get("password");
        byte[] bytes = Base64.getDecoder().decode(value.ciphertext());
        bytes[bytes.length - 20] ^= 1;
        SealedValue tampered = new SealedValue(value.keyId(), Base64.getEncoder().encodeToString(bytes));

        assertThatThrownBy(() -> cipher.open("default", "db", "password", tampered))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessage("secret db, key password (namespace default) failed its integrity check: the stored value was"
                        + " altered, or belongs to another secret");
        assertThatThrownBy(() -> cipher.open("default", "db", "password", new SealedValue(value.keyId(), "bm90IGVub3VnaA==")))
                .isInstanceOf(SecretUnreadableException.class);
    }

    @Test
    void aValueMovedToAnotherSecretOrKeyIsRefused() {
        SealedValue value = sealedDb().values().get("password");

        assertThatThrownBy(() -> cipher.open("default", "db", "user", value)).isInstanceOf(SecretUnreadableException.class);
        assertThatThrownBy(() -> cipher.open("default", "other", "password", value)).isInstanceOf(SecretUnreadableException.class);
        assertThatThrownBy(() -> cipher.open("team-b", "db", "password", value)).isInstanceOf(SecretUnreadableException.class);
    }

    @Test
    void anotherKeySaysWhichKeyItWouldNeed() {
        SealedSecret sealed = sealedDb();
        SecretCipher other = new SecretCipher(EncryptionKey.generate());

        assertThatThrownBy(() -> other.open(sealed))
                .isInstanceOf(SecretUnreadableException.class)
                .hasMessageContaining("was encrypted with the secret key of id " + cipher.key().id())
                .hasMessageContaining("this node's secret key has id " + other.key().id())
                .hasMessageContaining("tock secrets rotate-key")
                .hasMessageNotContaining(PLAINTEXT);
    }

    @Test
    void theVersionFollowsTheValuesAndTheKey() {
        Secret secret = Secret.of("default", "db", Map.of("password", PLAINTEXT));
        String version = cipher.version(secret);

        assertThat(version).hasSize(32).doesNotContain(PLAINTEXT);
        assertThat(cipher.version(Secret.of("default", "db", Map.of("password", PLAINTEXT)))).isEqualTo(version);
        assertThat(cipher.version(Secret.of("default", "db", Map.of("password", PLAINTEXT + "!")))).isNotEqualTo(version);
        assertThat(cipher.version(Secret.of("default", "db2", Map.of("password", PLAINTEXT)))).isNotEqualTo(version);
        assertThat(cipher.version(Secret.of("default", "db", Map.of("passwor", "d" + PLAINTEXT)))).isNotEqualTo(version);
        assertThat(new SecretCipher(EncryptionKey.generate()).version(secret)).isNotEqualTo(version);
    }

    @Test
    void rotationReadsOldAndNewValuesAndRefusesAThirdKey() {
        EncryptionKey next = EncryptionKey.generate();
        KeyRotation rotation = new KeyRotation(cipher.key(), next);
        SealedSecret rotated = rotation.reseal(sealedDb());
        SecretCipher nextCipher = new SecretCipher(next);

        assertThat(rotated.values().values()).allSatisfy(v -> assertThat(v.keyId()).isEqualTo(next.id()));
        assertThat(nextCipher.open(rotated).data()).containsEntry("password", PLAINTEXT);
        assertThat(rotated.version()).isEqualTo(nextCipher.version(Secret.of("default", "db", Map.of("password", PLAINTEXT, "user", "app"))));
        assertThat(nextCipher.open(rotation.reseal(rotated)).data()).containsEntry("password", PLAINTEXT);

        SealedSecret third = new SecretCipher(EncryptionKey.generate()).seal(Secret.of("default", "x", Map.of("k", "v")));
        assertThatThrownBy(() -> rotation.reseal(third)).isInstanceOf(SecretUnreadableException.class);
    }
}
