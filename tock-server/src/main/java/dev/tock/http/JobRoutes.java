package dev.tock.http;

import dev.tock.http.dto.AttemptList;
import dev.tock.http.dto.AttemptView;
import dev.tock.http.dto.Fields;
import dev.tock.http.dto.JobBatchRequest;
import dev.tock.http.dto.JobBatchResult;
import dev.tock.http.dto.JobPageView;
import dev.tock.http.dto.JobRequest;
import dev.tock.http.dto.JobView;
import dev.tock.http.dto.WaitingView;
import dev.tock.http.wire.ApiProblem;
import dev.tock.model.CancelResult;
import dev.tock.model.Enqueued;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobPage;
import dev.tock.model.JobQuery;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.service.Jobs;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code /v1/namespaces/{ns}/jobs}: enqueue one or a batch, list, look up, cancel, retry, attempts. */
final class JobRoutes {
    /** Most jobs in one batch request. */
    static final int MAX_BATCH = 1000;
    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    private static final String JOBS = ApiContext.NS + "/jobs";
    private static final String JOB = JOBS + "/{id}";
    private final ApiContext ctx;
    private final Jobs jobs;

    JobRoutes(ApiContext ctx, Jobs jobs) {
        this.ctx = ctx;
        this.jobs = jobs;
    }

    List<Route> routes() {
        return List.of(
                Route.post(JOBS, "createJob").tag("jobs").access(Access.OPERATE).body(JobRequest.class).returns(JobView.class).status(201)
                        .summary("Enqueue a job; with an idempotency key (field or Idempotency-Key header) a repeat returns the first job with 200")
                        .handler(this::create),
                Route.post(JOBS + "/batch", "createJobs").tag("jobs").access(Access.OPERATE).body(JobBatchRequest.class).returns(JobBatchResult.class)
                        .status(201).summary("Enqueue up to " + MAX_BATCH + " jobs in one transaction: all or none")
                        .handler(this::createBatch),
                Route.get(JOBS, "listJobs").tag("jobs").returns(JobPageView.class)
                        .summary("List jobs, newest first, one page at a time")
                        .query("state", "string", "only these states, comma-separated or repeated (scheduled, ready, leased, running, succeeded, failed, dead, cancelled)")
                        .query("queue", "string", "only this queue")
                        .query("type", "string", "only this job type")
                        .query("label", "string", "only jobs with this label, key=value; repeat for several")
                        .query("createdFrom", "string", "only jobs created at or after this time (RFC 3339)")
                        .query("createdBefore", "string", "only jobs created before this time (RFC 3339)")
                        .query("schedule", "string", "only jobs fired by this schedule")
                        .query("idempotencyKey", "string", "only the job enqueued with this idempotency key")
                        .query("limit", "integer", "page size, 1-500 (default 50)")
                        .query("cursor", "string", "nextCursor of the previous page")
                        .handler(this::list),
                Route.get(JOB, "getJob").tag("jobs").returns(JobView.class).summary("Get a job").handler(this::get),
                Route.post(JOB + "/cancel", "cancelJob").tag("jobs").access(Access.OPERATE).returns(JobView.class)
                        .summary("Cancel a job that has not finished (409 when it has)").handler(this::cancel),
                Route.post(JOB + "/retry", "retryJob").tag("jobs").access(Access.OPERATE).returns(JobView.class)
                        .summary("Run a dead or cancelled job again with a fresh attempt budget (409 otherwise)").handler(this::retry),
                Route.post(JOB + "/run-now", "runJobNow").tag("jobs").returns(JobView.class)
                        .summary("Make a scheduled job, or a failed one waiting for its retry, due now (409 when running or finished)")
                        .handler(this::runNow),
                Route.get(JOB + "/attempts", "listJobAttempts").tag("jobs").returns(AttemptList.class)
                        .summary("Every attempt at a job, oldest first").handler(this::attempts));
    }

    private ApiResponse create(ApiRequest request) {
        String ns = request.pathParam("ns");
        NewJob job = request.body(JobRequest.class)
                .toNewJob(ns, request.header(IDEMPOTENCY_KEY), ctx.json(), ctx.maxPayloadBytes());
        Enqueued enqueued = jobs.enqueue(job);
        JobView view = JobView.of(jobs.get(enqueued.id()), ctx.json());
        return enqueued.created() ? ApiResponse.created(view, JOBS.replace("{ns}", ns) + "/" + view.id()) : ApiResponse.ok(view);
    }

    private ApiResponse createBatch(ApiRequest request) {
        String ns = request.pathParam("ns");
        if (request.header(IDEMPOTENCY_KEY).isPresent()) {
            throw ApiProblem.invalidField(IDEMPOTENCY_KEY, "the Idempotency-Key header is for single jobs; give each job of a batch its own idempotencyKey");
        }
        List<JobRequest> items = request.body(JobBatchRequest.class).jobs();
        if (items == null || items.isEmpty() || items.size() > MAX_BATCH) {
            throw ApiProblem.invalidField("jobs", "jobs: must hold 1-" + MAX_BATCH + " jobs, had " + (items == null ? 0 : items.size()));
        }
        List<NewJob> batch = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            JobRequest item = items.get(i);
            if (item == null) {
                throw ApiProblem.invalidField("jobs[" + i + "]", "jobs[" + i + "]: must be a job object, was null");
            }
            batch.add(Fields.within("jobs[" + i + "]", () -> item.toNewJob(ns, Optional.empty(), ctx.json(), ctx.maxPayloadBytes())));
        }
        List<Enqueued> enqueued = enqueueAll(batch);
        JobBatchResult result = new JobBatchResult(enqueued.stream()
                .map(e -> new JobBatchResult.Item(e.id().toString(), e.created())).toList());
        return ApiResponse.status(enqueued.stream().anyMatch(Enqueued::created) ? 201 : 200, result);
    }

    /** Enqueues the batch; a job the engine refuses is named by its index. */
    private List<Enqueued> enqueueAll(List<NewJob> batch) {
        for (int i = 0; i < batch.size(); i++) {
            int index = i;
            // Type and payload checks happen in the engine; run them per job first so an error names its index.
            Fields.within("jobs[" + index + "]", () -> {
                jobs.validate(batch.get(index));
                return null;
            });
        }
        return jobs.enqueueAll(batch);
    }

    private ApiResponse list(ApiRequest request) {
        JobQuery.Builder q = JobQuery.builder(request.pathParam("ns"))
                .limit(request.intQuery("limit", JobQuery.DEFAULT_LIMIT, 1, JobQuery.MAX_LIMIT));
        for (String state : request.queryList("state")) {
            q.state(Fields.choice("state", state, JobState.class));
        }
        for (String label : request.query("label").isPresent() ? request.queryParameters().get("label") : List.<String>of()) {
            int eq = label.indexOf('=');
            if (eq <= 0) {
                throw ApiProblem.invalidField("label", "label: must be key=value, was \"" + label + "\"");
            }
            q.label(label.substring(0, eq), label.substring(eq + 1));
        }
        request.query("queue").ifPresent(q::queue);
        request.query("type").ifPresent(q::type);
        request.query("schedule").ifPresent(q::schedule);
        request.query("idempotencyKey").ifPresent(q::idempotencyKey);
        request.query("cursor").ifPresent(q::cursor);
        request.query("createdFrom").ifPresent(t -> q.createdFrom(Fields.instant("createdFrom", t)));
        request.query("createdBefore").ifPresent(t -> q.createdBefore(Fields.instant("createdBefore", t)));
        JobPage page = jobs.list(q.build());
        return ApiResponse.ok(new JobPageView(page.jobs().stream().map(j -> JobView.of(j, ctx.json())).toList(),
                page.nextCursor().orElse(null)));
    }

    private ApiResponse get(ApiRequest request) {
        Job job = job(request);
        JobView view = JobView.of(job, ctx.json());
        return ApiResponse.ok(jobs.waiting(job.id()).map(w -> view.withWaiting(WaitingView.of(w))).orElse(view));
    }

    private ApiResponse cancel(ApiRequest request) {
        Job job = job(request);
        CancelResult result = jobs.cancel(job.id());
        if (!result.cancelled()) {
            throw ApiProblem.conflict("job " + job.id() + " has finished (" + result.previous().wireName() + ") and cannot be cancelled");
        }
        return ApiResponse.ok(JobView.of(jobs.get(job.id()), ctx.json()));
    }

    private ApiResponse retry(ApiRequest request) {
        Job job = job(request);
        return ApiResponse.ok(JobView.of(jobs.retry(job.id()), ctx.json()));
    }

    private ApiResponse runNow(ApiRequest request) {
        Job job = job(request);
        return ApiResponse.ok(JobView.of(jobs.runNow(job.id()), ctx.json()));
    }

    private ApiResponse attempts(ApiRequest request) {
        Job job = job(request);
        return ApiResponse.ok(new AttemptList(jobs.attempts(job.id()).stream().map(AttemptView::of).toList()));
    }

    /** The job named by the path, which must be in the path's namespace. */
    private Job job(ApiRequest request) {
        String ns = request.pathParam("ns");
        String text = request.pathParam("id");
        JobId id;
        try {
            id = JobId.parse(text);
        } catch (RuntimeException e) {
            throw ApiProblem.notFound("job " + text + " not found in namespace " + ns + " (not a job id)");
        }
        return jobs.find(id).filter(j -> j.namespace().equals(ns))
                .orElseThrow(() -> ApiProblem.notFound("job " + id + " not found in namespace " + ns));
    }
}
