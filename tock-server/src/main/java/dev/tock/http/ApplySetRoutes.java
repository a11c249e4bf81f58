package dev.tock.http;

import dev.tock.http.dto.ApplySetRequest;
import dev.tock.http.dto.ApplySetView;
import dev.tock.http.wire.ApiProblem;
import dev.tock.model.ApplySet;
import dev.tock.model.Names;
import dev.tock.service.ApplySets;
import java.util.HashSet;
import java.util.List;

/**
 * {@code /v1/namespaces/{ns}/applysets}: what each declarative apply set created, kept for
 * {@code tock apply --prune}.
 */
final class ApplySetRoutes {
    private static final String SETS = ApiContext.NS + "/applysets";
    private static final String SET = SETS + "/{name}";
    private final ApplySets applySets;

    ApplySetRoutes(ApplySets applySets) {
        this.applySets = applySets;
    }

    List<Route> routes() {
        return List.of(
                Route.get(SETS, "listApplySets").tag("applysets").returns(ApplySetView.Page.class)
                        .summary("List apply sets: what each `tock apply --apply-set` created").handler(this::list),
                Route.get(SET, "getApplySet").tag("applysets").returns(ApplySetView.class)
                        .summary("Get an apply set").handler(this::get),
                Route.put(SET, "putApplySet").tag("applysets").body(ApplySetRequest.class).returns(ApplySetView.class).status(201)
                        .summary("Record what an apply set created `{\"members\": [\"schedule/nightly\"]}` (200 when it existed)")
                        .handler(this::put),
                Route.delete(SET, "deleteApplySet").tag("applysets").status(204)
                        .summary("Forget an apply set (its objects stay)").handler(this::delete));
    }

    private ApiResponse list(ApiRequest request) {
        return ApiResponse.ok(new ApplySetView.Page(applySets.list(request.pathParam("ns")).stream()
                .map(ApplySetView::of).toList()));
    }

    private ApiResponse get(ApiRequest request) {
        String ns = request.pathParam("ns");
        String name = request.pathParam("name");
        return applySets.find(ns, name).map(s -> ApiResponse.ok(ApplySetView.of(s)))
                .orElseThrow(() -> ApiProblem.notFound("apply set " + name + " not found in namespace " + ns));
    }

    private ApiResponse put(ApiRequest request) {
        String ns = request.pathParam("ns");
        String name = Names.requireResourceName("name", request.pathParam("name"));
        ApplySetRequest body = request.body(ApplySetRequest.class);
        ApplySet set = new ApplySet(ns, name, body.members() == null ? null : new HashSet<>(body.members()));
        boolean created = applySets.save(set);
        ApplySetView view = ApplySetView.of(set);
        return created ? ApiResponse.created(view, SETS.replace("{ns}", ns) + "/" + name) : ApiResponse.ok(view);
    }

    private ApiResponse delete(ApiRequest request) {
        String ns = request.pathParam("ns");
        String name = request.pathParam("name");
        if (!applySets.delete(ns, name)) {
            throw ApiProblem.notFound("apply set " + name + " not found in namespace " + ns);
        }
        return ApiResponse.noContent();
    }
}
