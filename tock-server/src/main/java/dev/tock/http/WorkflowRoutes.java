package dev.tock.http;

import dev.tock.http.dto.Fields;
import dev.tock.http.dto.WorkflowList;
import dev.tock.http.dto.WorkflowRequest;
import dev.tock.http.dto.WorkflowRunList;
import dev.tock.http.dto.WorkflowRunRequest;
import dev.tock.http.dto.WorkflowRunView;
import dev.tock.http.dto.WorkflowView;
import dev.tock.http.wire.ApiProblem;
import dev.tock.service.Workflows;
import dev.tock.workflow.RunQuery;
import dev.tock.workflow.RunState;
import dev.tock.workflow.StoredWorkflow;
import dev.tock.workflow.Workflow;
import dev.tock.workflow.WorkflowJson;
import dev.tock.workflow.WorkflowRun;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /v1/namespaces/{ns}/workflows}: workflows (steps joined by needs, with fan-out and fan-in) and their runs:
 * start with inputs, list and filter, read with every step instance, cancel, retry.
 */
final class WorkflowRoutes {
    private static final String WORKFLOWS = ApiContext.NS + "/workflows";
    private static final String WORKFLOW = WORKFLOWS + "/{name}";
    private static final String RUNS = ApiContext.NS + "/workflow-runs";
    private static final String RUN = RUNS + "/{run}";
    private final Workflows workflows;

    WorkflowRoutes(Workflows workflows) {
        this.workflows = workflows;
    }

    List<Route> routes() {
        return List.of(
                Route.get(WORKFLOWS, "listWorkflows").tag("workflows").returns(WorkflowList.class)
                        .summary("List workflows, each with its latest run and how many of its runs are running").handler(this::list),
                Route.get(WORKFLOW, "getWorkflow").tag("workflows").returns(WorkflowView.class)
                        .summary("Get a workflow's spec (defaults written out) and version").handler(this::get),
                Route.put(WORKFLOW, "putWorkflow").tag("workflows").body(WorkflowRequest.class).returns(WorkflowView.class).status(201)
                        .query("dryRun", "boolean", "true: check the spec and answer whether it differs, storing nothing")
                        .summary("Create or replace a workflow `{\"spec\": {\"steps\": [...]}}` (200 when it existed); runs"
                                + " already started keep their definition").handler(this::put),
                Route.delete(WORKFLOW, "deleteWorkflow").tag("workflows").status(204)
                        .summary("Delete a workflow; its runs stay").handler(this::delete),
                Route.post(WORKFLOW + "/runs", "startWorkflowRun").tag("workflows").access(Access.OPERATE)
                        .body(WorkflowRunRequest.class).returns(WorkflowRunView.class).status(201)
                        .summary("Start a run `{\"inputs\": {...}}`").handler(this::start),
                Route.get(WORKFLOW + "/runs", "listWorkflowRuns").tag("workflows").returns(WorkflowRunList.class)
                        .query("state", "string", "running, succeeded, failed or cancelled")
                        .query("since", "string", "only runs started at or after this time (RFC 3339)")
                        .query("limit", "integer", "at most this many, 1-" + RunQuery.MAX_LIMIT + " (default 50)")
                        .summary("List a workflow's runs, newest first").handler(this::runsOfWorkflow),
                Route.get(RUNS, "listAllWorkflowRuns").tag("workflows").returns(WorkflowRunList.class)
                        .query("workflow", "string", "only this workflow's runs")
                        .query("state", "string", "running, succeeded, failed or cancelled")
                        .query("since", "string", "only runs started at or after this time (RFC 3339)")
                        .query("limit", "integer", "at most this many, 1-" + RunQuery.MAX_LIMIT + " (default 50)")
                        .summary("List a namespace's workflow runs, newest first").handler(this::runs),
                Route.get(RUN, "getWorkflowRun").tag("workflows").returns(WorkflowRunView.class)
                        .summary("Get a run with its definition and every step instance").handler(this::run),
                Route.post(RUN + "/cancel", "cancelWorkflowRun").tag("workflows").access(Access.OPERATE).returns(WorkflowRunView.class)
                        .summary("Cancel a running run: running steps are cancelled, pending ones never start (409 when it ended)")
                        .handler(this::cancel),
                Route.post(RUN + "/retry", "retryWorkflowRun").tag("workflows").access(Access.OPERATE).returns(WorkflowRunView.class)
                        .summary("Retry a failed or cancelled run: only its dead or cancelled steps and the steps after them"
                                + " run again; succeeded steps keep their outputs (409 otherwise)").handler(this::retry));
    }

    /** Each workflow with its latest run and its running runs: three reads for the page, whatever the number of workflows. */
    private ApiResponse list(ApiRequest request) {
        String ns = request.pathParam("ns");
        Map<String, WorkflowRun> latest = workflows.latestRuns(ns);
        Map<String, Long> active = workflows.activeRuns(ns);
        return ApiResponse.ok(new WorkflowList(workflows.list(ns).stream().map(w -> WorkflowView.of(w)
                .withRuns(latest.get(w.workflow().name()), active.getOrDefault(w.workflow().name(), 0L))).toList()));
    }

    private ApiResponse get(ApiRequest request) {
        return ApiResponse.ok(WorkflowView.of(existing(request.pathParam("ns"), request.pathParam("name"))));
    }

    private ApiResponse put(ApiRequest request) {
        String ns = request.pathParam("ns");
        String name = request.pathParam("name");
        WorkflowRequest body = request.body(WorkflowRequest.class);
        if (body == null || body.spec() == null) {
            throw ApiProblem.invalidField("spec", "spec: is required, e.g. {\"spec\": {\"steps\": [{\"name\": \"a\", \"type\": \"t\"}]}}");
        }
        Workflow workflow = body.toWorkflow(ns, name);
        Optional<StoredWorkflow> before = workflows.find(ns, name);
        boolean changed = before.map(b -> !WorkflowJson.write(b.workflow()).equals(WorkflowJson.write(workflow))).orElse(true);
        if (dryRun(request)) {
            return ApiResponse.ok(new WorkflowView(ns, name, before.map(StoredWorkflow::version).orElse(0L), WorkflowJson.write(workflow),
                    null, null, changed, null, null));
        }
        if (!changed) {
            return ApiResponse.ok(WorkflowView.of(before.get()).withChanged(false));
        }
        workflows.save(workflow);
        WorkflowView view = WorkflowView.of(existing(ns, name)).withChanged(true);
        return before.isEmpty() ? ApiResponse.created(view, WORKFLOWS.replace("{ns}", ns) + "/" + name) : ApiResponse.ok(view);
    }

    private ApiResponse delete(ApiRequest request) {
        String ns = request.pathParam("ns");
        String name = request.pathParam("name");
        if (!workflows.delete(ns, name)) {
            throw notFound(ns, name);
        }
        return ApiResponse.noContent();
    }

    private ApiResponse start(ApiRequest request) {
        String ns = request.pathParam("ns");
        WorkflowRunRequest body = request.body(WorkflowRunRequest.class);
        var run = workflows.start(ns, request.pathParam("name"), body == null ? "{}" : body.inputsJson());
        return ApiResponse.created(WorkflowRunView.of(run, true), RUNS.replace("{ns}", ns) + "/" + run.id());
    }

    private ApiResponse runsOfWorkflow(ApiRequest request) {
        existing(request.pathParam("ns"), request.pathParam("name"));
        return listRuns(request, Optional.of(request.pathParam("name")));
    }

    private ApiResponse runs(ApiRequest request) {
        return listRuns(request, request.query("workflow"));
    }

    private ApiResponse listRuns(ApiRequest request, Optional<String> workflow) {
        Optional<RunState> state = request.query("state").map(s -> RunState.fromWireName(s).orElseThrow(() ->
                ApiProblem.invalidField("state", "state: must be running, succeeded, failed or cancelled, was " + s)));
        var since = request.query("since").map(s -> Fields.instant("since", s));
        int limit = request.query("limit").map(WorkflowRoutes::limit).orElse(50);
        var query = new RunQuery(request.pathParam("ns"), workflow, state, since, limit);
        return ApiResponse.ok(new WorkflowRunList(workflows.runs(query).stream().map(r -> WorkflowRunView.of(r, false)).toList()));
    }

    private static int limit(String text) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw ApiProblem.invalidField("limit", "limit: must be a number, was " + text);
        }
    }

    private ApiResponse run(ApiRequest request) {
        String ns = request.pathParam("ns");
        String id = request.pathParam("run");
        return ApiResponse.ok(WorkflowRunView.of(workflows.run(ns, id).orElseThrow(() -> runNotFound(ns, id)), true));
    }

    private ApiResponse cancel(ApiRequest request) {
        return ApiResponse.ok(WorkflowRunView.of(workflows.cancel(request.pathParam("ns"), request.pathParam("run")), true));
    }

    private ApiResponse retry(ApiRequest request) {
        return ApiResponse.ok(WorkflowRunView.of(workflows.retry(request.pathParam("ns"), request.pathParam("run")), true));
    }

    private StoredWorkflow existing(String ns, String name) {
        return workflows.find(ns, name).orElseThrow(() -> notFound(ns, name));
    }

    private static ApiProblem notFound(String ns, String name) {
        return ApiProblem.notFound("workflow " + name + " not found in namespace " + ns);
    }

    private static ApiProblem runNotFound(String ns, String id) {
        return ApiProblem.notFound("workflow run " + id + " not found in namespace " + ns);
    }

    private static boolean dryRun(ApiRequest request) {
        return switch (request.query("dryRun").orElse("false")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiProblem.invalidField("dryRun", "dryRun: must be true or false");
        };
    }
}
