package dev.tock.executor;

import dev.tock.Durations;
import dev.tock.TockVersion;
import dev.tock.handler.AttemptFailure;
import dev.tock.handler.JobContext;
import dev.tock.handler.JobHandler;
import dev.tock.model.BodyTemplate;
import dev.tock.model.HttpExecutor;
import dev.tock.model.Job;
import dev.tock.secret.SecretResolver;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Runs jobs whose executor is {@link HttpExecutor}: one request per attempt with {@code java.net.http},
 * the whole exchange bounded by the executor's timeout. Redirects are followed by hand (at most
 * {@value #MAX_REDIRECTS}) so that the egress policy checks every target; secret headers are not
 * carried to another origin. Headers from Secrets are read just before the request and never kept. The
 * attempt's output is the request line, status and latency, then the tail of the answer, with secret
 * header values replaced. With a signing secret every request carries {@value HttpExecutor#SIGNATURE_HEADER}.
 */
public final class HttpJobExecutor implements JobHandler, AutoCloseable {
    static final int MAX_REDIRECTS = 5;
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);
    private static final Set<Integer> RETRYABLE = Set.of(408, 425, 429);

    private final HttpClient client;
    private final EgressPolicy egress;
    private final int tailChars;
    private final int maxStepOutputBytes;
    private final SecretResolver secrets;

    /** @param secrets reads the values of headers that reference Secrets */
    public HttpJobExecutor(EgressPolicy egress, int tailChars, SecretResolver secrets) {
        this(egress, tailChars, secrets, 256 * 1024);
    }

    /** @param maxStepOutputBytes the largest response body a workflow step that asks for it records as its output */
    public HttpJobExecutor(EgressPolicy egress, int tailChars, SecretResolver secrets, int maxStepOutputBytes) {
        this.maxStepOutputBytes = maxStepOutputBytes;
        this.egress = egress;
        this.tailChars = tailChars;
        this.secrets = secrets;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(10))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    @Override
    public void handle(JobContext ctx) throws InterruptedException {
        Job job = ctx.job();
        HttpExecutor spec = (HttpExecutor) job.executor().orElseThrow();
        Duration timeout = spec.timeout().or(job::timeout).orElse(HttpExecutor.DEFAULT_TIMEOUT);
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<String, String> fromSecrets = SecretLookup.values(secrets, job, spec.headersFromSecrets(), "header");
        Optional<String> signingKey = spec.signingSecret().map(ref -> SecretLookup.values(secrets, job, Map.of("signingSecret", ref),
                "signing secret").get("signingSecret"));
        Redactor redactor = Redactor.of(spec, fromSecrets);
        String method = spec.method();
        URI target = spec.url();
        Optional<String> body = spec.sendsBody() ? Optional.of(BodyTemplate.parse(spec.bodyTemplate()).render(job)) : Optional.empty();
        Map<String, String> headers = new LinkedHashMap<>(spec.headers());
        headers.putAll(fromSecrets);
        StringBuilder trail = new StringBuilder();
        long started = System.nanoTime();
        for (int hop = 0; ; hop++) {
            checkEgress(target);
            String requestLine = method + " " + Redactor.shown(target);
            Answer answer = send(request(job, method, target, headers, body, signingKey, deadline), deadline, timeout,
                    unanswered -> ctx.output(trail + unanswered + "\n"), requestLine, started,
                    StepCapture.capacity(job, "body", tailChars * 4 + 4, maxStepOutputBytes));
            String line = requestLine + " -> " + answer.status() + " in " + millisSince(started) + " ms";
            trail.append(line).append('\n');
            Optional<String> location = answer.response().headers().firstValue("Location");
            if (REDIRECTS.contains(answer.status()) && !spec.successStatus().contains(answer.status()) && location.isPresent()) {
                if (hop == MAX_REDIRECTS) {
                    throw outcome(ctx, trail, answer, redactor, "more than " + MAX_REDIRECTS + " redirects", false);
                }
                URI next = resolve(target, location.get(), trail);
                if (!sameOrigin(target, next)) {
                    headers.keySet().removeIf(spec::isSecret);
                }
                if (answer.status() == 303 || ((answer.status() == 301 || answer.status() == 302) && method.equals("POST"))) {
                    method = "GET";
                    body = Optional.empty();
                }
                target = next;
                continue;
            }
            ctx.output(trail);
            ctx.output(redactor.redact(answer.tail().text(tailChars)));
            if (spec.successStatus().contains(answer.status())) {
                StepCapture.record(ctx, "body", answer.tail(), maxStepOutputBytes);
                return;
            }
            boolean retryable = answer.status() >= 500 || RETRYABLE.contains(answer.status());
            throw new AttemptFailure(line + failureDetail(answer, redactor), retryable,
                    retryable ? RetryAfter.parse(answer.response().headers().firstValue("Retry-After").orElse(null), Instant.now())
                            : Optional.empty(), false);
        }
    }

    private record Answer(int status, HttpResponse<Void> response, ByteTail tail) {
    }

    private HttpRequest request(Job job, String method, URI target, Map<String, String> headers, Optional<String> body,
                                Optional<String> signingKey, long deadline) {
        HttpRequest.Builder b = HttpRequest.newBuilder(target)
                .timeout(Duration.ofNanos(Math.max(1_000_000, deadline - System.nanoTime())))
                .method(method, body.map(HttpRequest.BodyPublishers::ofString).orElse(HttpRequest.BodyPublishers.noBody()));
        headers.forEach(b::header);
        b.header("Tock-Job-Id", job.id().toString());
        b.header("Tock-Attempt", Integer.toString(job.attempts()));
        signingKey.ifPresent(key -> b.header(HttpExecutor.SIGNATURE_HEADER,
                signature(key, Instant.now().getEpochSecond(), job.id().toString(), body.orElse(""))));
        if (headers.keySet().stream().noneMatch("User-Agent"::equalsIgnoreCase)) {
            b.header("User-Agent", "tock/" + TockVersion.current());
        }
        if (body.isPresent() && headers.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
            b.header("Content-Type", "application/json");
        }
        return b.build();
    }

    /** {@code t=1767225600,v1=5f2b…}: HMAC-SHA256 of {@code t + "." + jobId + "." + body} under the key, in hex. */
    static String signature(String key, long unixSeconds, String jobId, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((unixSeconds + "." + jobId + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private static long millisSince(long startedNanos) {
        return Duration.ofNanos(System.nanoTime() - startedNanos).toMillis();
    }

    /**
     * Sends the request and waits for its answer until the deadline. When no answer comes, the request
     * line and what happened go to {@code unanswered} (for the attempt's output) before the failure is
     * thrown: a timeout is the one line {@link AttemptFailure#timedOut}, and an interrupt (the engine's
     * deadline, a cancel, a shutdown) is passed on.
     */
    private Answer send(HttpRequest request, long deadline, Duration timeout, Consumer<String> unanswered, String requestLine,
                        long started, int keep) throws InterruptedException {
        ByteTail tail = new ByteTail(keep);
        CompletableFuture<HttpResponse<Void>> exchange = client.sendAsync(request, info ->
                HttpResponse.BodySubscribers.ofByteArrayConsumer(chunk -> chunk.ifPresent(b -> tail.write(b, 0, b.length))));
        try {
            HttpResponse<Void> response = exchange.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return new Answer(response.statusCode(), response, tail);
        } catch (TimeoutException e) {
            exchange.cancel(true);
            unanswered.accept(noAnswer(requestLine, started, timeout));
            throw AttemptFailure.timedOut(timeout);
        } catch (InterruptedException e) {
            exchange.cancel(true);
            unanswered.accept(requestLine + " -> stopped after " + millisSince(started) + " ms without an answer"
                    + " (timeout, cancel or shutdown)");
            throw e;
        } catch (ExecutionException e) {
            AttemptFailure failure = connectionFailure(e.getCause(), requestLine, timeout);
            unanswered.accept(failure.timedOut() ? noAnswer(requestLine, started, timeout)
                    : failure.getMessage() + " after " + millisSince(started) + " ms");
            throw failure;
        }
    }

    private static String noAnswer(String requestLine, long started, Duration timeout) {
        return requestLine + " -> no answer after " + millisSince(started) + " ms (timeout " + Durations.format(timeout) + ")";
    }

    private static AttemptFailure connectionFailure(Throwable cause, String request, Duration timeout) {
        return switch (cause) {
            case HttpConnectTimeoutException e -> AttemptFailure.retryable(request + ": could not connect in time");
            case HttpTimeoutException e -> AttemptFailure.timedOut(timeout);
            case ConnectException e -> AttemptFailure.retryable(request + ": connection refused or unreachable"
                    + (e.getMessage() == null ? "" : " (" + e.getMessage() + ")"));
            case UnknownHostException e -> AttemptFailure.retryable(request + ": host not found");
            case IOException e -> AttemptFailure.retryable(request + ": " + e.getClass().getSimpleName() + ": " + e.getMessage());
            default -> AttemptFailure.retryable(request + ": " + cause);
        };
    }

    private void checkEgress(URI target) {
        try {
            egress.check(target.getHost());
        } catch (EgressRefusedException e) {
            throw AttemptFailure.permanent(e.getMessage());
        } catch (UnknownHostException e) {
            throw AttemptFailure.retryable("host " + target.getHost() + " not found");
        }
    }

    private static URI resolve(URI from, String location, StringBuilder trail) {
        try {
            URI next = from.resolve(location.trim());
            String scheme = next.getScheme() == null ? "" : next.getScheme().toLowerCase(java.util.Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && next.getHost() != null) {
                return next;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        throw AttemptFailure.permanent(trail + "redirect to an unusable location");
    }

    private static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost()) && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private AttemptFailure outcome(JobContext ctx, StringBuilder trail, Answer answer, Redactor redactor, String why, boolean retryable) {
        ctx.output(trail);
        return new AttemptFailure(trail + why + failureDetail(answer, redactor), retryable, Optional.empty(), false);
    }

    /** The start of the answer, for the error; the output has its tail. */
    private String failureDetail(Answer answer, Redactor redactor) {
        String text = redactor.redact(answer.tail().text(Math.min(tailChars, 500)));
        return text.isBlank() ? "" : "\n" + text;
    }

    @Override
    public void close() {
        client.shutdownNow();
    }
}
