package dev.tock.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.Durations;
import dev.tock.http.dto.Fields;
import dev.tock.http.dto.LeaseReport;
import dev.tock.http.dto.LeasedJobList;
import dev.tock.http.dto.LeasedJobView;
import dev.tock.http.dto.RefusedLeases;
import dev.tock.http.dto.WorkerHeartbeat;
import dev.tock.http.dto.WorkerLeaseRequest;
import dev.tock.http.dto.WorkerRelease;
import dev.tock.http.dto.WorkerResults;
import dev.tock.http.wire.ApiProblem;
import dev.tock.model.JobId;
import dev.tock.model.Names;
import dev.tock.model.MultiQueueLeaseRequest;
import dev.tock.model.QueueLeaseRequest;
import dev.tock.model.WorkerLease;
import dev.tock.model.WorkerLeasedJob;
import dev.tock.model.WorkerResult;
import dev.tock.service.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * External workers, in any language: lease jobs of a queue (long-polling), heartbeat, and report each
 * job complete or failed, every report fenced by the lease token. Single-job routes for simple workers
 * (a curl loop); batch routes for heartbeats and results of many jobs at once.
 */
final class WorkerRoutes {
    /** Longest a lease request waits; below the HTTP server's idle timeout. */
    static final Duration MAX_WAIT = Duration.ofSeconds(20);
    private static final String JOB = ApiContext.NS + "/jobs/{id}";
    private static final String WORKER = ApiContext.NS + "/workers/{worker}";
    private final ApiContext ctx;
    private final Workers workers;

    WorkerRoutes(ApiContext ctx, Workers workers) {
        this.ctx = ctx;
        this.workers = workers;
    }

    List<Route> routes() {
        return List.of(
                Route.post(ApiContext.NS + "/queues/{queue}/lease", "leaseJobs").tag("workers").access(Access.WORK).body(WorkerLeaseRequest.class)
                        .returns(LeasedJobList.class)
                        .summary("Lease up to max due jobs of the queue to a worker, waiting up to waitFor (at most "
                                + Durations.format(MAX_WAIT) + ") for work")
                        .handler(this::lease),
                Route.post(ApiContext.NS + "/lease", "leaseFromQueues").tag("workers").access(Access.WORK).body(WorkerLeaseRequest.class)
                        .returns(LeasedJobList.class)
                        .summary("Lease up to max due jobs of several queues (queues, optional weights) to a worker, waiting up to"
                                + " waitFor for work in any of them")
                        .handler(this::leaseMany),
                Route.post(JOB + "/heartbeat", "heartbeatJob").tag("workers").access(Access.WORK).body(LeaseReport.class).status(204)
                        .summary("Extend a worker's lease on a job (409 when the lease is no longer held)").handler(this::heartbeat),
                Route.post(JOB + "/complete", "completeJob").tag("workers").access(Access.WORK).body(LeaseReport.class).status(204)
                        .summary("Report a leased job done, with its output or result (409 when the lease is no longer held)")
                        .handler(r -> report(r, true)),
                Route.post(JOB + "/fail", "failJob").tag("workers").access(Access.WORK).body(LeaseReport.class).status(204)
                        .summary("Report a leased job's attempt failed: error, retryable, retryAfter (409 when the lease is no longer held)")
                        .handler(r -> report(r, false)),
                Route.post(WORKER + "/heartbeat", "heartbeatWorker").tag("workers").access(Access.WORK).body(WorkerHeartbeat.class)
                        .returns(RefusedLeases.class)
                        .summary("Extend every lease a worker holds and keep it registered; answers the leases it lost")
                        .handler(this::heartbeatAll),
                Route.post(WORKER + "/release", "releaseLeases").tag("workers").access(Access.WORK).body(WorkerRelease.class)
                        .returns(RefusedLeases.class)
                        .summary("Give back leases a worker will not finish (e.g. at shutdown): the jobs run again at once, no attempt"
                                + " counted; with stopping, the worker's waiting lease requests end")
                        .handler(this::release),
                Route.post(WORKER + "/results", "reportResults").tag("workers").access(Access.WORK).body(WorkerResults.class)
                        .returns(RefusedLeases.class)
                        .summary("Report several leased jobs done or failed; answers those whose leases were no longer held")
                        .handler(this::results));
    }

    private ApiResponse lease(ApiRequest request) throws InterruptedException {
        WorkerLeaseRequest body = request.body(WorkerLeaseRequest.class);
        String worker = requireWorker(body.worker());
        int max = body.max() == null ? 1 : body.max();
        if (max < 1 || max > Workers.MAX_BATCH) {
            throw ApiProblem.invalidField("max", "max: must be between 1 and " + Workers.MAX_BATCH + ", was " + max);
        }
        Duration wait = body.waitFor() == null ? Duration.ZERO : Fields.duration("waitFor", body.waitFor());
        if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
            throw ApiProblem.invalidField("waitFor", "waitFor: must be between 0s and " + Durations.format(MAX_WAIT) + ", was "
                    + body.waitFor());
        }
        Optional<Set<String>> types = Optional.ofNullable(body.types()).map(WorkerRoutes::types);
        QueueLeaseRequest lease = new QueueLeaseRequest(request.pathParam("ns"), request.pathParam("queue"), worker, types, max,
                leaseDuration(body.leaseDuration()));
        List<WorkerLeasedJob> jobs = workers.lease(lease, wait, agent(request), Optional.ofNullable(body.instance()));
        return ApiResponse.ok(new LeasedJobList(jobs.stream().map(j -> LeasedJobView.of(j, ctx.json())).toList()));
    }

    private ApiResponse leaseMany(ApiRequest request) throws InterruptedException {
        WorkerLeaseRequest body = request.body(WorkerLeaseRequest.class);
        String worker = requireWorker(body.worker());
        int max = body.max() == null ? 1 : body.max();
        if (max < 1 || max > Workers.MAX_BATCH) {
            throw ApiProblem.invalidField("max", "max: must be between 1 and " + Workers.MAX_BATCH + ", was " + max);
        }
        Duration wait = body.waitFor() == null ? Duration.ZERO : Fields.duration("waitFor", body.waitFor());
        if (wait.isNegative() || wait.compareTo(MAX_WAIT) > 0) {
            throw ApiProblem.invalidField("waitFor", "waitFor: must be between 0s and " + Durations.format(MAX_WAIT) + ", was "
                    + body.waitFor());
        }
        if (body.queues() == null || body.queues().isEmpty()) {
            throw ApiProblem.invalidField("queues", "queues: is required, the queues to lease from");
        }
        Optional<Set<String>> types = Optional.ofNullable(body.types()).map(WorkerRoutes::types);
        MultiQueueLeaseRequest lease = new MultiQueueLeaseRequest(request.pathParam("ns"), body.queues(), body.weights(), worker,
                types, max, leaseDuration(body.leaseDuration()));
        List<WorkerLeasedJob> jobs = workers.lease(lease, wait, agent(request), Optional.ofNullable(body.instance()));
        return ApiResponse.ok(new LeasedJobList(jobs.stream().map(j -> LeasedJobView.of(j, ctx.json())).toList()));
    }

    private ApiResponse heartbeat(ApiRequest request) {
        LeaseReport body = request.body(LeaseReport.class);
        WorkerLease lease = leaseOf(request, body);
        String worker = requireWorker(body.worker());
        Set<JobId> lost = workers.heartbeat(request.pathParam("ns"), worker, List.of(lease),
                leaseDuration(body.leaseDuration()), agent(request));
        if (!lost.isEmpty()) {
            throw notHeld(lease.jobId(), worker);
        }
        return ApiResponse.noContent();
    }

    private ApiResponse report(ApiRequest request, boolean succeeded) {
        LeaseReport body = request.body(LeaseReport.class);
        WorkerLease lease = leaseOf(request, body);
        String worker = requireWorker(body.worker());
        if (body.outcome() != null && !body.outcome().equals(succeeded ? "succeeded" : "failed")) {
            throw ApiProblem.invalidField("outcome", "outcome: this route reports " + (succeeded ? "succeeded" : "failed")
                    + "; leave the field out");
        }
        Set<JobId> refused = workers.finish(request.pathParam("ns"), worker,
                List.of(result(body, lease, succeeded, "")));
        if (!refused.isEmpty()) {
            throw notHeld(lease.jobId(), worker);
        }
        return ApiResponse.noContent();
    }

    private ApiResponse heartbeatAll(ApiRequest request) {
        String worker = requireWorker(request.pathParam("worker"));
        WorkerHeartbeat body = request.body(WorkerHeartbeat.class);
        List<WorkerLease> leases = leases(body.leases());
        Set<JobId> lost = workers.heartbeat(request.pathParam("ns"), worker, leases,
                leaseDuration(body.leaseDuration()), agent(request));
        return ApiResponse.ok(new RefusedLeases(lost.stream().map(JobId::toString).sorted().toList()));
    }

    private ApiResponse release(ApiRequest request) {
        String worker = requireWorker(request.pathParam("worker"));
        WorkerRelease body = request.body(WorkerRelease.class);
        if (body.instance() != null && !Boolean.TRUE.equals(body.stopping())) {
            throw ApiProblem.invalidField("instance", "instance: names the run that stops; give it with \"stopping\": true");
        }
        if (Boolean.TRUE.equals(body.stopping())) {
            workers.stopping(worker, Optional.ofNullable(body.instance()));
        }
        List<WorkerLease> leases = leases(body.leases());
        Set<JobId> refused = workers.release(request.pathParam("ns"), worker, leases);
        return ApiResponse.ok(new RefusedLeases(refused.stream().map(JobId::toString).sorted().toList()));
    }

    private static List<WorkerLease> leases(List<LeaseReport> given) {
        List<WorkerLease> leases = new ArrayList<>();
        List<LeaseReport> items = given == null ? List.of() : given;
        checkBatch("leases", items.size());
        for (int i = 0; i < items.size(); i++) {
            leases.add(itemLease("leases[" + i + "]", items.get(i)));
        }
        return leases;
    }

    private ApiResponse results(ApiRequest request) {
        String worker = requireWorker(request.pathParam("worker"));
        List<LeaseReport> items = request.body(WorkerResults.class).results();
        if (items == null || items.isEmpty()) {
            throw ApiProblem.invalidField("results", "results: must hold 1-" + Workers.MAX_BATCH + " results");
        }
        checkBatch("results", items.size());
        List<WorkerResult> results = new ArrayList<>(items.size());
        Set<JobId> seen = new HashSet<>();
        for (int i = 0; i < items.size(); i++) {
            String field = "results[" + i + "]";
            LeaseReport item = items.get(i);
            WorkerLease lease = itemLease(field, item);
            if (!seen.add(lease.jobId())) {
                throw ApiProblem.invalidField(field + ".id", field + ".id: job " + lease.jobId() + " appears twice");
            }
            if (!"succeeded".equals(item.outcome()) && !"failed".equals(item.outcome())) {
                throw ApiProblem.invalidField(field + ".outcome", field + ".outcome: must be succeeded or failed, was "
                        + item.outcome());
            }
            results.add(result(item, lease, item.outcome().equals("succeeded"), field + "."));
        }
        Set<JobId> refused = workers.finish(request.pathParam("ns"), worker, results);
        return ApiResponse.ok(new RefusedLeases(refused.stream().map(JobId::toString).sorted().toList()));
    }

    private WorkerResult result(LeaseReport r, WorkerLease lease, boolean succeeded, String prefix) {
        Optional<String> output = output(r);
        if (succeeded) {
            if (r.error() != null || r.retryable() != null || r.retryAfter() != null) {
                throw ApiProblem.invalidField(prefix + "error", prefix + "error: error, retryable and retryAfter are for failures");
            }
            JsonNode result = r.result();
            return WorkerResult.success(lease, output, result == null || result.isNull() ? Optional.empty()
                    : Optional.of(ctx.json().text(result)));
        }
        Optional<Duration> retryAfter = Optional.ofNullable(Fields.duration(prefix + "retryAfter", r.retryAfter()));
        return WorkerResult.failure(lease, r.error() == null ? "" : r.error(), r.retryable() == null || r.retryable(),
                retryAfter, output);
    }

    /** The output text, then the result's JSON on a line of its own. */
    private Optional<String> output(LeaseReport r) {
        JsonNode result = r.result();
        String resultText = result == null || result.isNull() ? null : ctx.json().text(result);
        if (r.output() == null) {
            return Optional.ofNullable(resultText);
        }
        return Optional.of(resultText == null ? r.output() : r.output() + "\n" + resultText);
    }

    private static WorkerLease leaseOf(ApiRequest request, LeaseReport body) {
        JobId id = jobId(request.pathParam("id"), null);
        if (body.id() != null && !body.id().equals(id.toString())) {
            throw ApiProblem.invalidField("id", "id: differs from the job in the path; leave it out");
        }
        return new WorkerLease(id, token("leaseToken", body.leaseToken()));
    }

    private static WorkerLease itemLease(String field, LeaseReport item) {
        if (item == null) {
            throw ApiProblem.invalidField(field, field + ": must be an object with id and leaseToken");
        }
        if (item.worker() != null) {
            throw ApiProblem.invalidField(field + ".worker", field + ".worker: the worker is named in the path");
        }
        if (item.id() == null) {
            throw ApiProblem.invalidField(field + ".id", field + ".id: is required (the job's id)");
        }
        return new WorkerLease(jobId(item.id(), field + ".id"), token(field + ".leaseToken", item.leaseToken()));
    }

    private static JobId jobId(String text, String field) {
        try {
            return JobId.parse(text);
        } catch (RuntimeException e) {
            if (field == null) {
                throw ApiProblem.notFound("job " + text + " not found (not a job id)");
            }
            throw ApiProblem.invalidField(field, field + ": not a job id: " + text);
        }
    }

    /** The token as given: it is opaque here, and one the workers service did not hand out is not held (409). */
    private static String token(String field, String text) {
        if (text == null) {
            throw ApiProblem.invalidField(field, field + ": is required (the leaseToken the job was leased with)");
        }
        return text;
    }

    private static Set<String> types(List<String> list) {
        for (int i = 0; i < list.size(); i++) {
            try {
                Names.requireType(list.get(i));
            } catch (dev.tock.model.InvalidJobException e) {
                throw ApiProblem.invalidField("types[" + i + "]", "types[" + i + "]: " + e.getMessage().replaceFirst("^type: ", ""));
            }
        }
        return Set.copyOf(list);
    }

    private static String requireWorker(String worker) {
        if (worker == null) {
            throw ApiProblem.invalidField("worker", "worker: is required (the worker's name, e.g. billing-worker-1)");
        }
        return Names.requireWorker(worker);
    }

    private Duration leaseDuration(String text) {
        if (text == null) {
            return workers.defaultLeaseDuration();
        }
        Duration d = Fields.duration("leaseDuration", text);
        if (d.compareTo(Workers.MIN_LEASE) < 0 || d.compareTo(Workers.MAX_LEASE) > 0) {
            throw ApiProblem.invalidField("leaseDuration", "leaseDuration: must be between " + Durations.format(Workers.MIN_LEASE)
                    + " and " + Durations.format(Workers.MAX_LEASE) + ", was " + text);
        }
        return d;
    }

    private static void checkBatch(String field, int size) {
        if (size > Workers.MAX_BATCH) {
            throw ApiProblem.invalidField(field, field + ": at most " + Workers.MAX_BATCH + " items, got " + size);
        }
    }

    private static String agent(ApiRequest request) {
        return request.header("User-Agent").orElse("external");
    }

    private static ApiProblem notHeld(JobId id, String worker) {
        return ApiProblem.conflict("the lease on job " + id + " is not held by worker " + worker
                + " with this token: it expired and was taken back, the job was cancelled or leased again, or the token is wrong");
    }
}
