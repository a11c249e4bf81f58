package dev.tock.config;

import dev.tock.Durations;
import java.util.Map;
import java.util.function.BiConsumer;

/** The dashed keys of {@link SecurityConfig}: how {@link TockConfig.Builder#set} applies them ({@link ConfigReference} documents them). */
final class SecurityKeys {
    private SecurityKeys() {
    }

    static final Map<String, BiConsumer<TockConfig.Builder, String>> SETTERS = Map.of(
            "auth", (b, v) -> b.security(b.security().withAuth(SecurityConfig.parseSwitch("auth", v))),
            "tls-keystore", (b, v) -> b.security(b.security().withTls(v, b.security().tlsKeystorePassword())),
            "tls-keystore-password", (b, v) -> b.security(b.security().withTls(b.security().tlsKeystore(), v)),
            "trust-forwarded", (b, v) -> b.security(b.security().withTrustForwarded(SecurityConfig.parseSwitch("trust-forwarded", v))),
            "rate-limit", (b, v) -> b.security(b.security().withRateLimit(Integer.parseInt(v), b.security().rateLimitBurst())),
            "rate-limit-burst", (b, v) -> b.security(b.security().withRateLimit(b.security().rateLimit(), Integer.parseInt(v))),
            "session-ttl", (b, v) -> b.security(b.security().withSessionTtl(Durations.parse(v))),
            "metrics-public", (b, v) -> b.security(b.security().withMetricsPublic(SecurityConfig.parseSwitch("metrics-public", v))),
            "audit-retention", (b, v) -> b.security(b.security().withAuditRetention(Durations.parse(v))));
}
