package dev.tock.config;

import dev.tock.Durations;
import java.time.Duration;
import java.util.Locale;

/**
 * The HTTP server's security settings, part of {@link TockConfig}: authentication, TLS, request rate
 * per token, dashboard sessions, who may read {@code /metrics}, and how long the audit log is kept.
 *
 * @param auth whether requests must authenticate; off is accepted only on a loopback address
 * @param tlsKeystore a PKCS12 keystore with the server's key and certificate; empty for plain HTTP
 * @param trustForwarded whether to believe {@code Forwarded}/{@code X-Forwarded-*} headers (client address,
 *     https) because a reverse proxy sets them
 * @param rateLimit requests per second each token may make on average; 0 for no limit
 * @param rateLimitBurst requests a token may make at once before the rate applies
 */
public record SecurityConfig(boolean auth, String tlsKeystore, String tlsKeystorePassword, boolean trustForwarded,
                             int rateLimit, int rateLimitBurst, Duration sessionTtl, boolean metricsPublic,
                             Duration auditRetention) {
    public static final int DEFAULT_RATE_LIMIT = 100;
    public static final int DEFAULT_RATE_LIMIT_BURST = 200;
    public static final Duration DEFAULT_SESSION_TTL = Duration.ofHours(8);
    public static final Duration DEFAULT_AUDIT_RETENTION = Duration.ofDays(90);

    public SecurityConfig {
        tlsKeystore = tlsKeystore == null ? "" : tlsKeystore.trim();
        tlsKeystorePassword = tlsKeystorePassword == null ? "" : tlsKeystorePassword;
        if (rateLimit < 0 || rateLimit > 1_000_000) {
            throw new ConfigException("rate-limit must be between 0 (no limit) and 1000000, was " + rateLimit);
        }
        if (rateLimitBurst < 1 || rateLimitBurst > 1_000_000) {
            throw new ConfigException("rate-limit-burst must be between 1 and 1000000, was " + rateLimitBurst);
        }
        if (sessionTtl == null || sessionTtl.compareTo(Duration.ofMinutes(1)) < 0 || sessionTtl.compareTo(Duration.ofDays(30)) > 0) {
            throw new ConfigException("session-ttl must be between 1m and 30d, was " + format(sessionTtl));
        }
        if (auditRetention == null || auditRetention.compareTo(Duration.ofDays(1)) < 0) {
            throw new ConfigException("audit-retention must be at least 1d, was " + format(auditRetention));
        }
    }

    public static SecurityConfig defaults() {
        return new SecurityConfig(true, "", "", false, DEFAULT_RATE_LIMIT, DEFAULT_RATE_LIMIT_BURST, DEFAULT_SESSION_TTL, false,
                DEFAULT_AUDIT_RETENTION);
    }

    /** Whether the server speaks TLS itself. */
    public boolean tls() {
        return !tlsKeystore.isEmpty();
    }

    public SecurityConfig withAuth(boolean value) {
        return new SecurityConfig(value, tlsKeystore, tlsKeystorePassword, trustForwarded, rateLimit, rateLimitBurst, sessionTtl,
                metricsPublic, auditRetention);
    }

    public SecurityConfig withTls(String keystore, String password) {
        return new SecurityConfig(auth, keystore, password, trustForwarded, rateLimit, rateLimitBurst, sessionTtl, metricsPublic,
                auditRetention);
    }

    public SecurityConfig withTrustForwarded(boolean value) {
        return new SecurityConfig(auth, tlsKeystore, tlsKeystorePassword, value, rateLimit, rateLimitBurst, sessionTtl, metricsPublic,
                auditRetention);
    }

    public SecurityConfig withRateLimit(int perSecond, int burst) {
        return new SecurityConfig(auth, tlsKeystore, tlsKeystorePassword, trustForwarded, perSecond, burst, sessionTtl, metricsPublic,
                auditRetention);
    }

    public SecurityConfig withSessionTtl(Duration value) {
        return new SecurityConfig(auth, tlsKeystore, tlsKeystorePassword, trustForwarded, rateLimit, rateLimitBurst, value, metricsPublic,
                auditRetention);
    }

    public SecurityConfig withMetricsPublic(boolean value) {
        return new SecurityConfig(auth, tlsKeystore, tlsKeystorePassword, trustForwarded, rateLimit, rateLimitBurst, sessionTtl, value,
                auditRetention);
    }

    public SecurityConfig withAuditRetention(Duration value) {
        return new SecurityConfig(auth, tlsKeystore, tlsKeystorePassword, trustForwarded, rateLimit, rateLimitBurst, sessionTtl,
                metricsPublic, value);
    }

    /** {@code on}/{@code off} (also true/false, yes/no) as a boolean; the error names the setting. */
    static boolean parseSwitch(String key, String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes" -> true;
            case "off", "false", "no" -> false;
            default -> throw new IllegalArgumentException("must be on or off, was \"" + value + "\"");
        };
    }

    private static String format(Duration d) {
        return d == null ? "null" : Durations.format(d);
    }

    /** Never shows the keystore password. */
    @Override
    public String toString() {
        return "auth=" + (auth ? "on" : "off") + " tls=" + (tls() ? tlsKeystore : "off") + " trust-forwarded=" + trustForwarded
                + " rate-limit=" + rateLimit + "/s burst " + rateLimitBurst + " session-ttl=" + format(sessionTtl)
                + " metrics-public=" + metricsPublic + " audit-retention=" + format(auditRetention);
    }
}
