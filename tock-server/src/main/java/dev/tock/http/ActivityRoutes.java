package dev.tock.http;

import dev.tock.http.dto.FailureList;
import dev.tock.http.dto.Fields;
import dev.tock.http.dto.ThroughputView;
import dev.tock.http.wire.ApiProblem;
import dev.tock.model.Throughput;
import dev.tock.service.Jobs;
import java.time.Duration;
import java.util.List;

/**
 * What a namespace's jobs have been doing, read-only, for the dashboard's overview and for tools:
 * throughput over time and the latest failures. (The next fires across its schedules are a schedule
 * route.)
 */
final class ActivityRoutes {
    static final int MAX_BUCKETS = 1440;
    static final Duration MIN_BUCKET = Duration.ofSeconds(10);
    static final Duration MAX_WINDOW = Duration.ofDays(1);
    static final int MAX_FAILURES = 200;
    private final Jobs jobs;

    ActivityRoutes(Jobs jobs) {
        this.jobs = jobs;
    }

    List<Route> routes() {
        return List.of(
                Route.get(ApiContext.NS + "/throughput", "getThroughput").tag("activity").returns(ThroughputView.class)
                        .summary("Jobs succeeded, dead and cancelled and attempts failed per time bucket, up to now")
                        .query("window", "string", "how far back, e.g. 1h (default 1h, at most 1d)")
                        .query("bucket", "string", "bucket length, e.g. 1m (default 1m, at least 10s, at most " + MAX_BUCKETS + " buckets)")
                        .handler(this::throughput),
                Route.get(ApiContext.NS + "/failures", "listRecentFailures").tag("activity").returns(FailureList.class)
                        .summary("The latest attempts that failed, timed out or lost their lease, newest first")
                        .query("limit", "integer", "how many, 1-" + MAX_FAILURES + " (default 20)")
                        .handler(this::failures));
    }

    private ApiResponse throughput(ApiRequest request) {
        Duration window = request.query("window").map(w -> Fields.duration("window", w)).orElse(Duration.ofHours(1));
        Duration bucket = request.query("bucket").map(b -> Fields.duration("bucket", b)).orElse(Duration.ofMinutes(1));
        if (bucket.compareTo(MIN_BUCKET) < 0) {
            throw ApiProblem.invalidField("bucket", "bucket: must be at least " + Fields.format(MIN_BUCKET) + ", was " + Fields.format(bucket));
        }
        if (window.compareTo(bucket) < 0 || window.compareTo(MAX_WINDOW) > 0) {
            throw ApiProblem.invalidField("window", "window: must be between the bucket (" + Fields.format(bucket) + ") and "
                    + Fields.format(MAX_WINDOW) + ", was " + Fields.format(window));
        }
        long count = window.toMillis() / bucket.toMillis();
        if (count > MAX_BUCKETS) {
            throw ApiProblem.invalidField("bucket", "bucket: window / bucket must be at most " + MAX_BUCKETS + ", was " + count);
        }
        Throughput throughput = jobs.throughput(request.pathParam("ns"), window, bucket);
        return ApiResponse.ok(new ThroughputView(Fields.format(throughput.from()), Fields.format(bucket),
                throughput.buckets().stream().map(ThroughputView.Bucket::of).toList()));
    }

    private ApiResponse failures(ApiRequest request) {
        int limit = request.intQuery("limit", 20, 1, MAX_FAILURES);
        return ApiResponse.ok(new FailureList(jobs.recentFailures(request.pathParam("ns"), limit).stream()
                .map(FailureList.Failure::of).toList()));
    }

}
