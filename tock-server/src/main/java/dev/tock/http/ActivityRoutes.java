package dev.tock.http;

import dev.tock.http.dto.FailureList;
import dev.tock.http.dto.Fields;
import dev.tock.http.dto.NextFireList;
import dev.tock.http.dto.ThroughputView;
import dev.tock.schedule.FireTimes;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.StoredSchedule;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * What a namespace has been doing and will do next, read-only, for the dashboard's overview and for
 * tools: throughput over time, the latest failures, the next fires across its schedules.
 */
final class ActivityRoutes {
    static final int MAX_BUCKETS = 1440;
    static final Duration MIN_BUCKET = Duration.ofSeconds(10);
    static final Duration MAX_WINDOW = Duration.ofDays(1);
    static final int MAX_FAILURES = 200;
    static final int MAX_NEXT_FIRES = 100;
    private final ApiContext ctx;

    ActivityRoutes(ApiContext ctx) {
        this.ctx = ctx;
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
                        .handler(this::failures),
                Route.get(ApiContext.NS + "/next-fires", "listNextFires").tag("activity").returns(NextFireList.class)
                        .summary("The next nominal fire times across the namespace's active schedules, earliest first")
                        .query("limit", "integer", "how many, 1-" + MAX_NEXT_FIRES + " (default 10)")
                        .handler(this::nextFires));
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
        // Buckets start at whole multiples of their length, so that successive polls show the same buckets.
        long millis = bucket.toMillis();
        long current = Math.floorDiv(ctx.tock().store().now().toEpochMilli(), millis) * millis;
        Instant from = Instant.ofEpochMilli(current - (count - 1) * millis);
        var buckets = ctx.tock().throughput(request.pathParam("ns"), from, bucket);
        return ApiResponse.ok(new ThroughputView(Fields.format(from), Fields.format(bucket),
                buckets.stream().map(ThroughputView.Bucket::of).toList()));
    }

    private ApiResponse failures(ApiRequest request) {
        int limit = request.intQuery("limit", 20, 1, MAX_FAILURES);
        return ApiResponse.ok(new FailureList(ctx.tock().recentFailures(request.pathParam("ns"), limit).stream()
                .map(FailureList.Failure::of).toList()));
    }

    /** Merges the schedules' fire times, taking the earliest each time, so that each schedule computes only what is shown. */
    private ApiResponse nextFires(ApiRequest request) {
        int limit = request.intQuery("limit", 10, 1, MAX_NEXT_FIRES);
        Instant now = ctx.tock().store().now();
        PriorityQueue<Upcoming> upcoming = new PriorityQueue<>((a, b) -> a.time().compareTo(b.time()));
        for (StoredSchedule stored : ctx.tock().schedules(request.pathParam("ns"))) {
            Schedule s = stored.schedule();
            if (!s.suspended()) {
                ctx.nextFires().next(s, now).ifPresent(t -> upcoming.add(new Upcoming(s, null, t)));
            }
        }
        List<NextFireList.NextFire> fires = new ArrayList<>(limit);
        while (fires.size() < limit && !upcoming.isEmpty()) {
            Upcoming next = upcoming.poll();
            Schedule s = next.schedule();
            fires.add(new NextFireList.NextFire(s.name(), Fields.format(next.time()),
                    DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(next.time().atZone(s.timeZone())), s.timeZone().getId(),
                    s.cron().describe()));
            // Only schedules whose next time was shown compute the one after it.
            FireTimes times = next.times() != null ? next.times() : ctx.nextFires().times(s);
            Optional<Instant> after = times.nextAfter(next.time());
            after.ifPresent(t -> upcoming.add(new Upcoming(s, times, t)));
        }
        return ApiResponse.ok(new NextFireList(fires));
    }

    private record Upcoming(Schedule schedule, FireTimes times, Instant time) {
    }
}
