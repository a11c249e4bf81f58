package dev.tock.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tock.security.ApiToken;
import dev.tock.security.AuditEntry;
import dev.tock.security.AuditQuery;
import dev.tock.security.Role;
import dev.tock.security.Session;
import dev.tock.security.TokenNameTakenException;
import dev.tock.security.TokenSecrets;
import dev.tock.testing.StoreFixture;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Tokens, sessions and the audit log, as every {@link SecurityStore} must keep them. */
public abstract class SecurityCompatibilitySuite extends StoreFixture {

    private ApiToken token(String name, Role role, Set<String> namespaces) {
        return new ApiToken(TokenSecrets.newId(), name, role, namespaces, Set.of(), store.now().truncatedTo(ChronoUnit.MILLIS),
                "test", Optional.empty(), Optional.empty());
    }

    @Test
    void aTokenIsFoundByTheHashOfItsSecretWithEveryField() {
        String secret = TokenSecrets.newSecret();
        Instant expires = Instant.parse("2031-03-30T01:30:00.123Z");
        ApiToken token = new ApiToken(TokenSecrets.newId(), "ci-deploy", Role.WORKER, Set.of("team-a", "team-b"),
                Set.of("mail", "reports"), store.now().truncatedTo(ChronoUnit.MILLIS), "bootstrap", Optional.of(expires),
                Optional.empty());
        store.security().createToken(token, TokenSecrets.hash(secret));

        var found = store.security().findTokenByHash(TokenSecrets.hash(secret)).orElseThrow();
        assertThat(found.token()).isEqualTo(token);
        assertThat(found.hash()).isEqualTo(TokenSecrets.hash(secret));
        assertThat(store.security().findToken(token.id())).contains(token);
        assertThat(store.security().findTokenByName("ci-deploy")).contains(token);
        assertThat(store.security().findTokenByHash(TokenSecrets.hash(TokenSecrets.newSecret()))).isEmpty();
        assertThat(store.security().findToken("no-such-token")).isEmpty();
    }

    @Test
    void namesAreUniqueEvenAfterRevocation() {
        ApiToken first = token("ops", Role.OPERATOR, Set.of("default"));
        store.security().createToken(first, TokenSecrets.hash(TokenSecrets.newSecret()));
        assertThat(store.security().revokeToken(first.id())).isTrue();
        assertThatThrownBy(() -> store.security().createToken(token("ops", Role.VIEWER, Set.of("*")), TokenSecrets.hash(TokenSecrets.newSecret())))
                .isInstanceOf(TokenNameTakenException.class);
        assertThat(store.security().tokens()).hasSize(1);
    }

    @Test
    void revokingStampsTheStoreClockOnceAndEndsTheTokensSessions() {
        ApiToken t = token("viewer", Role.VIEWER, Set.of("*"));
        store.security().createToken(t, TokenSecrets.hash(TokenSecrets.newSecret()));
        Instant now = store.now();
        Session session = new Session(TokenSecrets.hash("s1"), t.id(), "csrf", now, now.plus(Duration.ofHours(1)));
        store.security().createSession(session);
        assertThat(store.security().findSession(session.idHash())).isPresent();

        Instant before = store.now();
        assertThat(store.security().revokeToken(t.id())).isTrue();
        assertThat(store.security().revokeToken(t.id())).isFalse();
        assertThat(store.security().revokeToken("no-such-token")).isFalse();
        ApiToken revoked = store.security().findToken(t.id()).orElseThrow();
        assertThat(revoked.revokedAt()).isPresent();
        assertThat(revoked.revokedAt().get()).isBetween(before.minusSeconds(1), store.now().plusSeconds(1));
        assertThat(revoked.activeAt(store.now())).isFalse();
        assertThat(store.security().findSession(session.idHash())).isEmpty();
    }

    @Test
    void deletingATokenForgetsItAndItsSessions() {
        ApiToken t = token("gone", Role.ADMIN, Set.of("*"));
        String hash = TokenSecrets.hash(TokenSecrets.newSecret());
        store.security().createToken(t, hash);
        Instant now = store.now();
        store.security().createSession(new Session(TokenSecrets.hash("s2"), t.id(), "csrf", now, now.plusSeconds(60)));
        assertThat(store.security().deleteToken(t.id())).isTrue();
        assertThat(store.security().deleteToken(t.id())).isFalse();
        assertThat(store.security().findTokenByHash(hash)).isEmpty();
        assertThat(store.security().findSession(TokenSecrets.hash("s2"))).isEmpty();
        store.security().createToken(token("gone", Role.VIEWER, Set.of("*")), TokenSecrets.hash(TokenSecrets.newSecret()));
    }

    @Test
    void tokensAreListedInCreationOrder() {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ApiToken t = new ApiToken(TokenSecrets.newId(), "t" + i, Role.VIEWER, Set.of("default"), Set.of(),
                    Instant.parse("2030-01-01T00:00:00Z").plusSeconds(i), "test", Optional.empty(), Optional.empty());
            store.security().createToken(t, TokenSecrets.hash(TokenSecrets.newSecret()));
            names.add(t.name());
        }
        assertThat(store.security().tokens()).extracting(ApiToken::name).containsExactlyElementsOf(names);
    }

    @Test
    void sessionsEndByLogoutOrExpiry() {
        ApiToken t = token("dash", Role.VIEWER, Set.of("*"));
        store.security().createToken(t, TokenSecrets.hash(TokenSecrets.newSecret()));
        Instant now = store.now().truncatedTo(ChronoUnit.MILLIS);
        Session live = new Session(TokenSecrets.hash("live"), t.id(), "csrf-1", now, now.plus(Duration.ofHours(8)));
        Session old = new Session(TokenSecrets.hash("old"), t.id(), "csrf-2", now.minusSeconds(7200), now.minusSeconds(60));
        store.security().createSession(live);
        store.security().createSession(old);
        assertThat(store.security().findSession(live.idHash())).contains(live);

        assertThat(store.security().deleteExpiredSessions(now)).isEqualTo(1);
        assertThat(store.security().findSession(old.idHash())).isEmpty();
        assertThat(store.security().deleteSession(live.idHash())).isTrue();
        assertThat(store.security().deleteSession(live.idHash())).isFalse();
        assertThat(store.security().findSession(live.idHash())).isEmpty();
    }

    private static AuditEntry entry(String tokenName, String namespace, String method, int status) {
        return new AuditEntry(0, Instant.EPOCH, Optional.ofNullable(tokenName).map(n -> "id-" + n), Optional.ofNullable(tokenName),
                method, method + " /v1/namespaces/{ns}/jobs", "/v1/namespaces/" + namespace + "/jobs",
                Optional.ofNullable(namespace), Optional.of("job/x"), status, "127.0.0.1");
    }

    @Test
    void auditEntriesAreStampedWithTheStoreClockAndReadNewestFirstInPages() {
        Instant before = store.now();
        List<AuditEntry> written = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            written.add(entry("ops", i % 2 == 0 ? "team-a" : "team-b", "POST", 200 + i));
        }
        store.security().appendAudit(written);
        store.security().appendAudit(List.of(entry(null, null, "PUT", 403)));

        List<AuditEntry> page = store.security().audit(AuditQuery.latest(3));
        assertThat(page).hasSize(3);
        assertThat(page.get(0).status()).isEqualTo(403);
        assertThat(page.get(0).tokenName()).isEmpty();
        assertThat(page.get(0).namespace()).isEmpty();
        assertThat(page.get(0).at()).isBetween(before.minusSeconds(1), store.now().plusSeconds(1));
        assertThat(page).extracting(AuditEntry::id).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        AuditEntry second = page.get(1);
        assertThat(second.tokenId()).contains("id-ops");
        assertThat(second.method()).isEqualTo("POST");
        assertThat(second.route()).isEqualTo("POST /v1/namespaces/{ns}/jobs");
        assertThat(second.resource()).contains("job/x");
        assertThat(second.address()).isEqualTo("127.0.0.1");

        var next = new AuditQuery(Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 100,
                Optional.of(page.get(2).id()));
        assertThat(store.security().audit(next)).hasSize(5);
        var teamA = new AuditQuery(Optional.of("team-a"), Optional.of("ops"), Optional.of(before.minusSeconds(5)),
                Optional.of(store.now().plusSeconds(5)), 100, Optional.empty());
        assertThat(store.security().audit(teamA)).hasSize(4).allMatch(e -> e.namespace().equals(Optional.of("team-a")));
        var byId = new AuditQuery(Optional.empty(), Optional.of("id-ops"), Optional.empty(), Optional.empty(), 100, Optional.empty());
        assertThat(store.security().audit(byId)).hasSize(7);
    }

    @Test
    void oldAuditEntriesArePruned() {
        store.security().appendAudit(List.of(entry("a", "default", "POST", 201), entry("a", "default", "DELETE", 204)));
        assertThat(store.security().deleteAuditBefore(store.now().minusSeconds(3600))).isZero();
        assertThat(store.security().deleteAuditBefore(store.now().plusSeconds(5))).isEqualTo(2);
        assertThat(store.security().audit(AuditQuery.latest(10))).isEmpty();
    }

    @Test
    void overlongAuditTextIsCutToFitNotRefused() {
        String longPath = "/v1/" + "x".repeat(5000);
        store.security().appendAudit(List.of(new AuditEntry(0, Instant.EPOCH, Optional.empty(), Optional.empty(), "POST", "POST /v1/x",
                longPath, Optional.empty(), Optional.of("r".repeat(1000)), 404, "a".repeat(200))));
        AuditEntry read = store.security().audit(AuditQuery.latest(1)).get(0);
        assertThat(read.path()).hasSize(AuditEntry.MAX_PATH_LENGTH);
        assertThat(read.resource().orElseThrow()).hasSize(AuditEntry.MAX_RESOURCE_LENGTH);
        String odd = "\u0000\ud800e\u0301\ud83d\ude00" + "n".repeat(100);
        store.security().appendAudit(List.of(new AuditEntry(0, Instant.EPOCH, Optional.of(odd), Optional.of(odd), "POST", "POST /x", "/v1/" + odd,
                Optional.of(odd), Optional.of(odd), 403, odd)));
        AuditEntry cleaned = store.security().audit(AuditQuery.latest(1)).get(0);
        assertThat(cleaned.namespace().orElseThrow()).hasSize(63).startsWith("\ufffd\ufffde\u0301\ud83d\ude00");
        assertThat(cleaned.path()).startsWith("/v1/\ufffd");
    }
}
