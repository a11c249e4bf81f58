package dev.tock.model;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Runs a job as one HTTP request (a webhook). A status in {@code successStatus} succeeds the attempt;
 * 5xx, 408, 429 and connection failures fail it for a retry (after {@code Retry-After} when the answer
 * carries one); any other status fails it for good.
 *
 * @param method {@code GET}, {@code HEAD}, {@code POST} (default), {@code PUT}, {@code PATCH} or {@code DELETE}
 * @param url an {@code http} or {@code https} URL without user info; the node's egress policy decides
 *     which hosts it may reach
 * @param headers sent as given; values of secret headers are redacted wherever Tock shows them
 * @param headersFromSecrets headers whose values are read from Secrets when each attempt runs; never stored
 *     with the job, always treated as secret
 * @param secretHeaders names of further headers whose values are secret, beside those that look secret
 *     ({@link Redaction#looksSecret})
 * @param body a {@link BodyTemplate} over the job; absent means the payload for POST, PUT and PATCH,
 *     and no body for the other methods
 * @param timeout for the whole exchange, answer body included; absent means the job's timeout, or
 *     {@link #DEFAULT_TIMEOUT}
 * @param successStatus the statuses that succeed the attempt (default 200-299)
 * @param signingSecret a Secret's key under which every request is signed ({@value #SIGNATURE_HEADER}), so that a
 *     receiver can tell Tock's requests from forged ones; read when each attempt runs, like headers from Secrets
 */
public record HttpExecutor(String method, URI url, Map<String, String> headers, Map<String, SecretKeyRef> headersFromSecrets,
                           Set<String> secretHeaders,
                           Optional<String> body, Optional<Duration> timeout, Set<Integer> successStatus,
                           Optional<SecretKeyRef> signingSecret) implements Executor {

    public static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE");
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration MAX_TIMEOUT = Duration.ofHours(1);
    public static final int MAX_URL_LENGTH = 2048;
    public static final int MAX_HEADERS = 64;
    public static final int MAX_HEADER_VALUE_LENGTH = 8192;
    public static final int MAX_BODY_TEMPLATE_LENGTH = 64 * 1024;
    /**
     * The signature of a request with a {@code signingSecret}: {@code t=UNIX_SECONDS,v1=HEX} where HEX is the
     * HMAC-SHA256 under the secret of {@code t + "." + Tock-Job-Id + "." + body}, so the delivery id is signed too.
     */
    public static final String SIGNATURE_HEADER = "Tock-Signature";
    /** Headers the HTTP client sets itself or that describe one hop; refused when a spec names them. */
    public static final Set<String> RESERVED_HEADERS = Set.of("connection", "content-length", "expect", "host", "upgrade",
            "transfer-encoding", "te", "trailer", "keep-alive", "proxy-connection", "tock-job-id", "tock-attempt", "tock-signature");
    private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}");
    private static final Set<Integer> SUCCESS_2XX = statusRange(200, 299);

    public HttpExecutor {
        method = method == null ? "POST" : method.toUpperCase(Locale.ROOT);
        if (!METHODS.contains(method)) {
            throw new InvalidJobException("executor.method", "must be one of " + new TreeSet<>(METHODS) + ", was \"" + method + "\"");
        }
        checkUrl(url);
        headers = headers == null ? Map.of() : headers;
        headersFromSecrets = headersFromSecrets == null ? Map.of() : headersFromSecrets;
        checkHeaderNames(headers, headersFromSecrets);
        headers = checkHeaderValues(headers);
        headersFromSecrets = Collections.unmodifiableMap(new LinkedHashMap<>(headersFromSecrets));
        secretHeaders = checkSecretHeaders(secretHeaders == null ? Set.of() : secretHeaders);
        body = body == null ? Optional.empty() : body;
        body.ifPresent(HttpExecutor::checkBody);
        timeout = timeout == null ? Optional.empty() : timeout;
        timeout.ifPresent(HttpExecutor::checkTimeout);
        successStatus = checkStatuses(successStatus == null || successStatus.isEmpty() ? SUCCESS_2XX : successStatus);
        signingSecret = signingSecret == null ? Optional.empty() : signingSecret;
    }

    /** A POST of the job's payload to {@code url}, succeeding on any 2xx. */
    public static HttpExecutor post(String url) {
        return new HttpExecutor("POST", parseUrl(url), Map.of(), Map.of(), Set.of(), Optional.empty(), Optional.empty(), null, Optional.empty());
    }

    /** Parses a URL for a spec; a bad one fails naming {@code executor.url}. */
    public static URI parseUrl(String text) {
        if (text == null || text.isBlank()) {
            throw new InvalidJobException("executor.url", "is required (an http or https URL)");
        }
        if (text.length() > MAX_URL_LENGTH) {
            throw new InvalidJobException("executor.url", "must be at most " + MAX_URL_LENGTH + " characters");
        }
        try {
            return new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new InvalidJobException("executor.url", "is not a URL: " + e.getMessage());
        }
    }

    @Override
    public String kind() {
        return HTTP;
    }

    public HttpExecutor withHeader(String name, String value) {
        Map<String, String> copy = new LinkedHashMap<>(headers);
        copy.put(name, value);
        return new HttpExecutor(method, url, copy, headersFromSecrets, secretHeaders, body, timeout, successStatus, signingSecret);
    }

    public HttpExecutor withMethod(String value) {
        return new HttpExecutor(value, url, headers, headersFromSecrets, secretHeaders, body, timeout, successStatus, signingSecret);
    }

    public HttpExecutor withBody(String template) {
        return new HttpExecutor(method, url, headers, headersFromSecrets, secretHeaders, Optional.of(template), timeout, successStatus, signingSecret);
    }

    public HttpExecutor withTimeout(Duration value) {
        return new HttpExecutor(method, url, headers, headersFromSecrets, secretHeaders, body, Optional.of(value), successStatus, signingSecret);
    }

    public HttpExecutor withSuccessStatus(Set<Integer> statuses) {
        return new HttpExecutor(method, url, headers, headersFromSecrets, secretHeaders, body, timeout, statuses, signingSecret);
    }

    /** Sends header {@code name} with the value of a Secret's key, read when each attempt runs. */
    public HttpExecutor withHeaderFromSecret(String name, SecretKeyRef ref) {
        Map<String, SecretKeyRef> copy = new LinkedHashMap<>(headersFromSecrets);
        copy.put(name, ref);
        return new HttpExecutor(method, url, headers, copy, secretHeaders, body, timeout, successStatus, signingSecret);
    }

    /** Signs every request under a Secret's key: the {@value #SIGNATURE_HEADER} header. */
    public HttpExecutor withSigningSecret(SecretKeyRef ref) {
        return new HttpExecutor(method, url, headers, headersFromSecrets, secretHeaders, body, timeout, successStatus, Optional.of(ref));
    }

    /** Whether the value of this header is kept out of the API, logs and attempts. */
    public boolean isSecret(String header) {
        return Redaction.looksSecret(header) || secretHeaders.contains(header.toLowerCase(Locale.ROOT))
                || headersFromSecrets.keySet().stream().anyMatch(header::equalsIgnoreCase);
    }

    @Override
    public Map<String, SecretKeyRef> secretRefs() {
        Map<String, SecretKeyRef> refs = new LinkedHashMap<>();
        headersFromSecrets.forEach((name, ref) -> refs.put("executor.headers." + name, ref));
        signingSecret.ifPresent(ref -> refs.put("executor.signingSecret", ref));
        return refs;
    }

    /** The headers with every secret value replaced by {@value Redaction#REDACTED}. */
    public Map<String, String> redactedHeaders() {
        Map<String, String> shown = new LinkedHashMap<>();
        headers.forEach((name, value) -> shown.put(name, isSecret(name) ? Redaction.REDACTED : value));
        return Collections.unmodifiableMap(shown);
    }

    /** Whether the request carries a body: a template was given, or the method sends the payload by default. */
    public boolean sendsBody() {
        return body.isPresent() || method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    /** The template of the body sent: the one given, or the whole payload. */
    public String bodyTemplate() {
        return body.orElse(BodyTemplate.WHOLE_PAYLOAD);
    }

    /** Every status from {@code first} to {@code last}, e.g. 200-299. */
    public static Set<Integer> statusRange(int first, int last) {
        Set<Integer> codes = new TreeSet<>();
        for (int s = first; s <= last; s++) {
            codes.add(s);
        }
        return Collections.unmodifiableSet(codes);
    }

    private static void checkUrl(URI url) {
        if (url == null) {
            throw new InvalidJobException("executor.url", "is required (an http or https URL)");
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new InvalidJobException("executor.url", "must be an absolute http or https URL, was \"" + url + "\"");
        }
        if (url.getHost() == null || url.getHost().isBlank()) {
            throw new InvalidJobException("executor.url", "has no host name (or one with characters a host name cannot have)");
        }
        if (url.getRawUserInfo() != null) {
            throw new InvalidJobException("executor.url", "must not carry user info; send credentials in a header, whose value Tock keeps secret");
        }
        if (url.toString().length() > MAX_URL_LENGTH) {
            throw new InvalidJobException("executor.url", "must be at most " + MAX_URL_LENGTH + " characters");
        }
    }

    private static void checkHeaderNames(Map<String, String> headers, Map<String, SecretKeyRef> fromSecrets) {
        if (headers.size() + fromSecrets.size() > MAX_HEADERS) {
            throw new InvalidJobException("executor.headers", "at most " + MAX_HEADERS + " headers, got "
                    + (headers.size() + fromSecrets.size()));
        }
        Set<String> seen = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        Stream.concat(headers.keySet().stream(), fromSecrets.keySet().stream()).forEach(name -> {
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                throw new InvalidJobException("executor.headers", "\"" + name + "\" is not a header name");
            }
            if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                throw new InvalidJobException("executor.headers", name + " is set by Tock or the HTTP client and cannot be given");
            }
            if (!seen.add(name)) {
                throw new InvalidJobException("executor.headers", name + " is given twice (header names ignore case)");
            }
        });
        fromSecrets.forEach((name, ref) -> {
            if (ref == null) {
                throw new InvalidJobException("executor.headers." + name, "needs a secretKeyRef");
            }
        });
    }

    private static Map<String, String> checkHeaderValues(Map<String, String> headers) {
        headers.forEach((name, value) -> {
            if (value == null || value.length() > MAX_HEADER_VALUE_LENGTH || value.chars().anyMatch(c -> c == '\r' || c == '\n' || c == 0)) {
                throw new InvalidJobException("executor.headers", "the value of " + name + " must be at most "
                        + MAX_HEADER_VALUE_LENGTH + " characters without line breaks");
            }
        });
        return Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    private static Set<String> checkSecretHeaders(Set<String> names) {
        Set<String> lower = new TreeSet<>();
        for (String name : names) {
            if (name == null || !HEADER_NAME.matcher(name).matches()) {
                throw new InvalidJobException("executor.secretHeaders", "\"" + name + "\" is not a header name");
            }
            lower.add(name.toLowerCase(Locale.ROOT));
        }
        return Collections.unmodifiableSet(lower);
    }

    private static void checkBody(String template) {
        if (template.length() > MAX_BODY_TEMPLATE_LENGTH) {
            throw new InvalidJobException("executor.body", "must be at most " + MAX_BODY_TEMPLATE_LENGTH + " characters");
        }
        BodyTemplate.parse(template);
    }

    private static void checkTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero() || timeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new InvalidJobException("executor.timeout", "must be positive and at most " + MAX_TIMEOUT + ", was " + timeout);
        }
    }

    private static Set<Integer> checkStatuses(Set<Integer> statuses) {
        for (Integer s : statuses) {
            if (s == null || s < 100 || s > 599) {
                throw new InvalidJobException("executor.successStatus", "statuses must be between 100 and 599, was " + s);
            }
        }
        return Collections.unmodifiableSet(new TreeSet<>(statuses));
    }
}
