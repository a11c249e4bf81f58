package dev.tock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tock.model.UnknownNamespaceException;
import dev.tock.secret.EncryptionKey;
import dev.tock.secret.KeyRotation;
import dev.tock.secret.SealedSecret;
import dev.tock.secret.Secret;
import dev.tock.secret.SecretCipher;
import dev.tock.secret.SecretUnreadableException;
import dev.tock.secret.StoredSecret;
import dev.tock.testing.StoreFixture;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Sealed secrets, as every {@link SecretStore} must keep them: whole, by namespace, replaced and rewritten atomically. */
public abstract class SecretCompatibilitySuite extends StoreFixture {
    private final SecretCipher cipher = new SecretCipher(EncryptionKey.generate());

    private SealedSecret sealed(String namespace, String name, Map<String, String> data) {
        return cipher.seal(Secret.of(namespace, name, data));
    }

    @Test
    void aSecretIsKeptWholeAndReplacedWhole() {
        SealedSecret first = sealed("default", "db", Map.of("user", "app", "password", "first-password"));
        assertThat(store.secrets().save(first)).isTrue();

        StoredSecret found = store.secrets().find("default", "db").orElseThrow();
        assertThat(found.sealed()).isEqualTo(first);
        assertThat(found.updatedAt()).isEqualTo(found.createdAt());
        assertThat(cipher.open(found.sealed()).data()).containsExactlyEntriesOf(
                new java.util.TreeMap<>(Map.of("password", "first-password", "user", "app")));

        SealedSecret second = sealed("default", "db", Map.of("password", "second-password"));
        assertThat(store.secrets().save(second)).isFalse();
        StoredSecret replaced = store.secrets().find("default", "db").orElseThrow();
        assertThat(replaced.sealed()).isEqualTo(second);
        assertThat(replaced.sealed().values()).containsOnlyKeys("password");
        assertThat(replaced.createdAt()).isEqualTo(found.createdAt());
        assertThat(replaced.updatedAt()).isAfterOrEqualTo(found.updatedAt());
        assertThat(replaced.info().keys()).containsExactly("password");
        assertThat(replaced.info().version()).isEqualTo(second.version()).isNotEqualTo(first.version());
    }

    @Test
    void secretsAreListedByNameWithinTheirNamespaceAndDeletedWithTheirValues() {
        store.namespaces().create("team-b");
        store.secrets().save(sealed("default", "mail", Map.of("token", "t1")));
        store.secrets().save(sealed("default", "db", Map.of("password", "p1", "user", "u1")));
        store.secrets().save(sealed("team-b", "db", Map.of("password", "p2")));

        assertThat(store.secrets().list("default")).extracting(s -> s.sealed().name()).containsExactly("db", "mail");
        assertThat(store.secrets().list("default").get(0).sealed().values()).containsOnlyKeys("password", "user");
        assertThat(store.secrets().list("team-b")).singleElement().satisfies(s -> assertThat(s.info().keys()).containsExactly("password"));
        assertThat(store.secrets().valuesByKeyId()).containsExactly(Map.entry(cipher.key().id(), 4L));

        assertThat(store.secrets().delete("default", "db")).isTrue();
        assertThat(store.secrets().delete("default", "db")).isFalse();
        assertThat(store.secrets().find("default", "db")).isEmpty();
        assertThat(store.secrets().find("team-b", "db")).isPresent();
        assertThat(store.secrets().valuesByKeyId()).containsExactly(Map.entry(cipher.key().id(), 2L));

        store.secrets().save(sealed("default", "db", Map.of("other", "o1")));
        assertThat(store.secrets().find("default", "db").orElseThrow().sealed().values()).containsOnlyKeys("other");
    }

    @Test
    void aSecretInAnUnknownNamespaceIsRefused() {
        assertThatThrownBy(() -> store.secrets().save(sealed("nowhere", "db", Map.of("k", "v"))))
                .isInstanceOf(UnknownNamespaceException.class);
        assertThat(store.secrets().list("nowhere")).isEmpty();
    }

    @Test
    void rotationRewritesEverySecretInOneTransaction() {
        store.namespaces().create("team-b");
        store.secrets().save(sealed("default", "db", Map.of("password", "p1", "user", "u1")));
        store.secrets().save(sealed("team-b", "mail", Map.of("token", "t1")));
        EncryptionKey next = EncryptionKey.generate();

        assertThat(store.secrets().rewriteAll(new KeyRotation(cipher.key(), next)::reseal)).isEqualTo(2);

        SecretCipher nextCipher = new SecretCipher(next);
        assertThat(store.secrets().valuesByKeyId()).containsExactly(Map.entry(next.id(), 3L));
        SealedSecret db = store.secrets().find("default", "db").orElseThrow().sealed();
        assertThat(nextCipher.open(db).data()).containsEntry("password", "p1").containsEntry("user", "u1");
        assertThat(db.version()).isEqualTo(nextCipher.version(Secret.of("default", "db", Map.of("password", "p1", "user", "u1"))));
        assertThatThrownBy(() -> cipher.open(db)).isInstanceOf(SecretUnreadableException.class);
    }

    @Test
    void aRewriteThatFailsHalfWayChangesNothing() {
        store.namespaces().create("team-b");
        SealedSecret a = sealed("default", "a", Map.of("k", "v1"));
        SealedSecret b = sealed("team-b", "b", Map.of("k", "v2"));
        store.secrets().save(a);
        store.secrets().save(b);
        EncryptionKey next = EncryptionKey.generate();
        KeyRotation rotation = new KeyRotation(cipher.key(), next);
        List<String> rewritten = new ArrayList<>();

        assertThatThrownBy(() -> store.secrets().rewriteAll(s -> {
            if (!rewritten.isEmpty()) {
                throw new SecretUnreadableException("second one refused");
            }
            rewritten.add(s.name());
            return rotation.reseal(s);
        })).isInstanceOf(SecretUnreadableException.class);

        assertThat(rewritten).hasSize(1);
        assertThat(store.secrets().find("default", "a").orElseThrow().sealed()).isEqualTo(a);
        assertThat(store.secrets().find("team-b", "b").orElseThrow().sealed()).isEqualTo(b);
        assertThat(store.secrets().valuesByKeyId()).containsOnlyKeys(cipher.key().id());
    }

    @Test
    void concurrentSavesOfOneSecretCreateItOnceAndLeaveOneWholeVersion() throws Exception {
        int callers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<SealedSecret> versions = new ArrayList<>();
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < callers; i++) {
                SealedSecret version = sealed("default", "shared", Map.of("a", "a" + i, "b", "b" + i));
                versions.add(version);
                Callable<Boolean> save = () -> {
                    start.await(10, TimeUnit.SECONDS);
                    return store.secrets().save(version);
                };
                results.add(pool.submit(save));
            }
            start.countDown();
            int created = 0;
            for (Future<Boolean> result : results) {
                created += result.get(30, TimeUnit.SECONDS) ? 1 : 0;
            }
            assertThat(created).isEqualTo(1);
        } finally {
            pool.shutdownNow();
        }
        SealedSecret kept = store.secrets().find("default", "shared").orElseThrow().sealed();
        assertThat(versions).contains(kept);
    }
}
