package dev.tock.engine;

import dev.tock.config.ConfigException;
import dev.tock.model.ConflictException;
import dev.tock.security.ApiToken;
import dev.tock.security.Role;
import dev.tock.security.TokenNameTakenException;
import dev.tock.security.TokenSecrets;
import dev.tock.store.SecurityStore;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The first admin token. Given a secret ({@code TOCK_ADMIN_TOKEN}), makes sure the token
 * {@value #ENV_TOKEN} has it (replacing an older secret, which is how a lost admin token is
 * recovered); else, when the store holds no token at all, creates {@value #BOOTSTRAP_TOKEN} with a new
 * secret that the caller shows once. Safe when several nodes start at once: token names are unique.
 * {@link #reset} gives {@value #BOOTSTRAP_TOKEN} a new secret, for whoever lost every admin secret.
 */
final class AdminBootstrap {
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    static final String ENV_TOKEN = "env-admin";
    static final String BOOTSTRAP_TOKEN = "bootstrap-admin";
    /** The shortest admin secret accepted from the environment. */
    static final int MIN_SECRET_LENGTH = 24;

    private final SecurityStore store;

    AdminBootstrap(SecurityStore store) {
        this.store = store;
    }

    /** Returns the new secret when it created the bootstrap token, for the caller to show once. */
    Optional<String> run(Optional<String> adminSecret, Instant now) {
        if (adminSecret.isPresent()) {
            ensureEnvironmentToken(adminSecret.get(), now);
            return Optional.empty();
        }
        if (!store.tokens().isEmpty()) {
            return Optional.empty();
        }
        String secret = TokenSecrets.newSecret();
        try {
            store.createToken(admin(BOOTSTRAP_TOKEN, now), TokenSecrets.hash(secret));
        } catch (TokenNameTakenException e) {
            return Optional.empty(); // another node created it at the same moment
        }
        log.warn("no API token existed: created the admin token {} (its secret is shown once by tock server)", BOOTSTRAP_TOKEN);
        return Optional.of(secret);
    }

    /** Replaces (or creates) {@value #BOOTSTRAP_TOKEN} with a new secret and returns it, for the caller to show once. */
    String reset(Instant now) {
        String secret = TokenSecrets.newSecret();
        store.findTokenByName(BOOTSTRAP_TOKEN).ifPresent(old -> store.deleteToken(old.id()));
        try {
            store.createToken(admin(BOOTSTRAP_TOKEN, now), TokenSecrets.hash(secret));
        } catch (TokenNameTakenException e) {
            throw new ConflictException("admin token " + BOOTSTRAP_TOKEN + " was reset by someone else at the same moment; run it again");
        }
        log.info("the admin token {} was given a new secret (tock tokens reset-admin)", BOOTSTRAP_TOKEN);
        return secret;
    }

    private void ensureEnvironmentToken(String secret, Instant now) {
        if (secret.length() < MIN_SECRET_LENGTH || secret.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException("TOCK_ADMIN_TOKEN must be at least " + MIN_SECRET_LENGTH
                    + " characters without spaces (e.g. openssl rand -base64 32)");
        }
        String hash = TokenSecrets.hash(secret);
        Optional<ApiToken> existing = store.findTokenByName(ENV_TOKEN);
        boolean current = existing.isPresent() && existing.get().revokedAt().isEmpty()
                && store.findTokenByHash(hash).map(s -> s.token().id().equals(existing.get().id())).orElse(false);
        if (current) {
            return;
        }
        existing.ifPresent(old -> store.deleteToken(old.id()));
        try {
            store.createToken(admin(ENV_TOKEN, now), hash);
            log.info("admin token {} set from TOCK_ADMIN_TOKEN", ENV_TOKEN);
        } catch (TokenNameTakenException e) {
            log.debug("admin token {} was set by another node", ENV_TOKEN);
        }
    }

    private static ApiToken admin(String name, Instant now) {
        return new ApiToken(TokenSecrets.newId(), name, Role.ADMIN, Set.of(ApiToken.ALL), Set.of(), now, "bootstrap",
                Optional.empty(), Optional.empty());
    }
}
