package dev.tock.config;

import dev.tock.Durations;
import java.util.Map;
import java.util.function.BiConsumer;

/** The dashed keys of {@link SecurityConfig}: their README text and how {@link TockConfig.Builder#set} applies them. */
final class SecurityKeys {
    private SecurityKeys() {
    }

    static void describe(Map<String, String> keys) {
        keys.put("auth", "`on`: every request but /health, /ready and /openapi.json needs a token; `off` only on a loopback host");
        keys.put("tls-keystore", "PKCS12 keystore with the server's key and certificate: serve HTTPS (default: plain HTTP)");
        keys.put("tls-keystore-password", "Password of tls-keystore");
        keys.put("trust-forwarded", "Believe Forwarded/X-Forwarded-* headers (client address, https) from a reverse proxy");
        keys.put("rate-limit", "Requests per second each token may make on average (429 beyond); 0 for no limit");
        keys.put("rate-limit-burst", "Requests a token may make at once before rate-limit applies");
        keys.put("session-ttl", "How long a dashboard login lasts");
        keys.put("metrics-public", "Serve /metrics without a token (default: a viewer, operator or admin token for `*`)");
        keys.put("audit-retention", "How long audit log entries are kept");
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
