package dev.tock.http;

import dev.tock.http.dto.BackfillRequest;
import dev.tock.http.dto.Fields;
import dev.tock.http.dto.NextFireList;
import dev.tock.http.dto.PreviewView;
import dev.tock.http.dto.RunList;
import dev.tock.http.dto.RunView;
import dev.tock.http.dto.ScheduleList;
import dev.tock.http.dto.ScheduleRequest;
import dev.tock.http.dto.ScheduleView;
import dev.tock.http.dto.TriggerRequest;
import dev.tock.http.wire.ApiProblem;
import dev.tock.schedule.NextFire;
import dev.tock.schedule.OverlapPolicy;
import dev.tock.schedule.Schedule;
import dev.tock.schedule.ScheduleFire;
import dev.tock.schedule.StoredSchedule;
import dev.tock.service.Schedules;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** {@code /v1/namespaces/{ns}/schedules}: CronJobs and what they fired. */
final class ScheduleRoutes {
    static final int MAX_PREVIEW = 100;
    static final int MAX_RUNS = 500;
    private static final String SCHEDULES = ApiContext.NS + "/schedules";
    private static final String SCHEDULE = SCHEDULES + "/{name}";
    static final int MAX_NEXT_FIRES = 100;
    private final ApiContext ctx;
    private final Schedules schedules;

    ScheduleRoutes(ApiContext ctx, Schedules schedules) {
        this.ctx = ctx;
        this.schedules = schedules;
    }

    List<Route> routes() {
        return List.of(
                Route.get(SCHEDULES, "listSchedules").tag("schedules").returns(ScheduleList.class)
                        .summary("List schedules").handler(this::list),
                Route.get(SCHEDULE, "getSchedule").tag("schedules").returns(ScheduleView.class)
                        .summary("Get a schedule").handler(this::get),
                Route.put(SCHEDULE, "putSchedule").tag("schedules").body(ScheduleRequest.class).returns(ScheduleView.class)
                        .status(201).summary("Create or replace a schedule (200 when it existed)").handler(this::put),
                Route.delete(SCHEDULE, "deleteSchedule").tag("schedules").status(204)
                        .summary("Delete a schedule and its fire records (its jobs stay)").handler(this::delete),
                Route.post(SCHEDULE + "/suspend", "suspendSchedule").tag("schedules").access(Access.OPERATE).returns(ScheduleView.class)
                        .summary("Stop firing; times passed while suspended are not fired later").handler(this::suspend),
                Route.post(SCHEDULE + "/resume", "resumeSchedule").tag("schedules").access(Access.OPERATE).returns(ScheduleView.class)
                        .summary("Fire again from now on").handler(this::resume),
                Route.post(SCHEDULE + "/trigger", "triggerSchedule").tag("schedules").access(Access.OPERATE).body(TriggerRequest.class)
                        .returns(RunView.class).summary("Fire now, by hand; the overlap policy applies unless bypassOverlap")
                        .handler(this::trigger),
                Route.post(SCHEDULE + "/backfill", "backfillSchedule").tag("schedules").access(Access.OPERATE).body(BackfillRequest.class)
                        .returns(RunList.class)
                        .summary("Run every nominal time in [from, to) that never fired, under the given overlap policy")
                        .handler(this::backfill),
                Route.get(SCHEDULE + "/preview", "previewSchedule").tag("schedules").returns(PreviewView.class)
                        .query("count", "integer", "how many fire times, 1-" + MAX_PREVIEW + " (default 5)")
                        .summary("The next nominal fire times, in UTC and in the schedule's zone").handler(this::preview),
                Route.get(SCHEDULE + "/runs", "listScheduleRuns").tag("schedules").returns(RunList.class)
                        .query("limit", "integer", "how many records, 1-" + MAX_RUNS + " (default 20)")
                        .summary("The latest fire records, newest first: outcome, job, job state").handler(this::runs),
                Route.get(ApiContext.NS + "/next-fires", "listNextFires").tag("activity").returns(NextFireList.class)
                        .summary("The next nominal fire times across the namespace's active schedules, earliest first")
                        .query("limit", "integer", "how many, 1-" + MAX_NEXT_FIRES + " (default 10)")
                        .handler(this::nextFires));
    }

    private ApiResponse list(ApiRequest request) {
        return ApiResponse.ok(new ScheduleList(schedules.list(request.pathParam("ns")).stream().map(this::view).toList()));
    }

    private ApiResponse get(ApiRequest request) {
        return ApiResponse.ok(view(existing(request)));
    }

    private ApiResponse put(ApiRequest request) {
        String ns = request.pathParam("ns");
        String name = request.pathParam("name");
        Schedule schedule = request.body(ScheduleRequest.class).toSchedule(ns, name, ctx.json(), ctx.maxPayloadBytes());
        Fields.within("jobTemplate", () -> {
            schedules.validate(schedule);
            return null;
        });
        boolean created = schedules.save(schedule);
        ScheduleView view = view(schedules.get(ns, name));
        return created ? ApiResponse.created(view, SCHEDULES.replace("{ns}", ns) + "/" + name) : ApiResponse.ok(view);
    }

    private ApiResponse delete(ApiRequest request) {
        StoredSchedule s = existing(request);
        schedules.delete(s.schedule().namespace(), s.schedule().name());
        return ApiResponse.noContent();
    }

    private ApiResponse suspend(ApiRequest request) {
        StoredSchedule s = existing(request);
        schedules.suspend(s.schedule().namespace(), s.schedule().name());
        return get(request);
    }

    private ApiResponse resume(ApiRequest request) {
        StoredSchedule s = existing(request);
        schedules.resume(s.schedule().namespace(), s.schedule().name());
        return get(request);
    }

    private ApiResponse trigger(ApiRequest request) {
        StoredSchedule s = existing(request);
        boolean bypass = request.optionalBody(TriggerRequest.class).map(TriggerRequest::bypassOverlap)
                .map(Boolean.TRUE::equals).orElse(false);
        ScheduleFire fire = schedules.trigger(s.schedule().namespace(), s.schedule().name(), bypass);
        return ApiResponse.ok(RunView.of(fire));
    }

    private ApiResponse backfill(ApiRequest request) {
        StoredSchedule s = existing(request);
        BackfillRequest body = request.body(BackfillRequest.class);
        if (body.from() == null || body.to() == null) {
            throw ApiProblem.invalidField(body.from() == null ? "from" : "to", "from and to are required (RFC 3339 times)");
        }
        Instant from = Fields.instant("from", body.from());
        Instant to = Fields.instant("to", body.to());
        OverlapPolicy overlap = body.overlap() == null ? OverlapPolicy.ALLOW : Fields.overlap("overlap", body.overlap());
        List<ScheduleFire> fires = schedules.backfill(s.schedule().namespace(), s.schedule().name(), from, to, overlap);
        return ApiResponse.ok(new RunList(fires.stream().map(RunView::of).toList()));
    }

    private ApiResponse preview(ApiRequest request) {
        int count = request.intQuery("count", 5, 1, MAX_PREVIEW);
        Schedule s = existing(request).schedule();
        ZoneId zone = s.timeZone();
        List<PreviewView.FireTime> times = schedules.preview(s.namespace(), s.name(), count).stream()
                .map(t -> new PreviewView.FireTime(t.toString(), DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(t.atZone(zone))))
                .toList();
        return ApiResponse.ok(new PreviewView(zone.getId(), times));
    }

    private ApiResponse runs(ApiRequest request) {
        int limit = request.intQuery("limit", 20, 1, MAX_RUNS);
        StoredSchedule s = existing(request);
        return ApiResponse.ok(new RunList(schedules.runs(s.schedule().namespace(), s.schedule().name(), limit)
                .stream().map(RunView::of).toList()));
    }

    private ApiResponse nextFires(ApiRequest request) {
        int limit = request.intQuery("limit", 10, 1, MAX_NEXT_FIRES);
        return ApiResponse.ok(new NextFireList(schedules.nextFires(request.pathParam("ns"), limit).stream()
                .map(ScheduleRoutes::nextFire).toList()));
    }

    private static NextFireList.NextFire nextFire(NextFire next) {
        Schedule s = next.schedule();
        return new NextFireList.NextFire(s.name(), Fields.format(next.time()),
                DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(next.time().atZone(s.timeZone())), s.timeZone().getId(),
                s.cron().describe());
    }

    private ScheduleView view(StoredSchedule stored) {
        return ScheduleView.of(stored, ctx.json(), schedules.nextFire(stored.schedule()));
    }

    private StoredSchedule existing(ApiRequest request) {
        String ns = request.pathParam("ns");
        String name = request.pathParam("name");
        return schedules.find(ns, name)
                .orElseThrow(() -> ApiProblem.notFound("schedule " + name + " not found in namespace " + ns));
    }
}
