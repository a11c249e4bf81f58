package dev.tock.http;

import dev.tock.http.dto.SecretList;
import dev.tock.http.dto.SecretRequest;
import dev.tock.http.dto.SecretView;
import dev.tock.http.wire.ApiProblem;
import dev.tock.model.Names;
import dev.tock.secret.Secret;
import dev.tock.secret.SecretInfo;
import dev.tock.service.Secrets;
import java.util.List;
import java.util.Optional;

/**
 * {@code /v1/namespaces/{ns}/secrets}: values that executors reference with {@code valueFrom.secretKeyRef}.
 * Values go in and never come out: every answer carries names, keys, an opaque version and times only.
 */
final class SecretRoutes {
    private static final String SECRETS = ApiContext.NS + "/secrets";
    private static final String SECRET = SECRETS + "/{name}";
    private final Secrets secrets;

    SecretRoutes(Secrets secrets) {
        this.secrets = secrets;
    }

    List<Route> routes() {
        return List.of(
                Route.get(SECRETS, "listSecrets").tag("secrets").returns(SecretList.class)
                        .summary("List secrets: names, keys, version, times; never values").handler(this::list),
                Route.get(SECRET, "getSecret").tag("secrets").returns(SecretView.class)
                        .summary("Get a secret's keys, version and times; never its values").handler(this::get),
                Route.put(SECRET, "putSecret").tag("secrets").body(SecretRequest.class).returns(SecretView.class).status(201)
                        .query("dryRun", "boolean", "true: answer the version these values would have and whether they differ,"
                                + " storing nothing (how tock apply compares a Secret)")
                        .summary("Create or replace a secret `{\"stringData\": {\"password\": \"...\"}}` (200 when it existed;"
                                + " 409 when the node has no secret key)").handler(this::put),
                Route.delete(SECRET, "deleteSecret").tag("secrets").status(204)
                        .summary("Delete a secret; jobs that reference it fail their next attempts").handler(this::delete));
    }

    private ApiResponse list(ApiRequest request) {
        return ApiResponse.ok(new SecretList(secrets.list(request.pathParam("ns")).stream().map(SecretView::of).toList()));
    }

    private ApiResponse get(ApiRequest request) {
        return ApiResponse.ok(SecretView.of(existing(request.pathParam("ns"), request.pathParam("name"))));
    }

    private ApiResponse put(ApiRequest request) {
        String ns = request.pathParam("ns");
        String name = Names.requireResourceName("name", request.pathParam("name"));
        Secret secret = request.body(SecretRequest.class).toSecret(ns, name);
        Optional<SecretInfo> before = secrets.find(ns, name);
        String version = secrets.versionOf(secret);
        boolean changed = before.map(b -> !b.version().equals(version)).orElse(true);
        if (dryRun(request)) {
            return ApiResponse.ok(SecretView.preview(ns, name, List.copyOf(secret.data().keySet()), version, changed));
        }
        if (!changed) {
            return ApiResponse.ok(SecretView.of(before.get()).withChanged(false));
        }
        boolean created = secrets.save(secret);
        SecretView view = SecretView.of(existing(ns, name)).withChanged(true);
        return created ? ApiResponse.created(view, SECRETS.replace("{ns}", ns) + "/" + name) : ApiResponse.ok(view);
    }

    private ApiResponse delete(ApiRequest request) {
        String ns = request.pathParam("ns");
        String name = request.pathParam("name");
        if (!secrets.delete(ns, name)) {
            throw notFound(ns, name);
        }
        return ApiResponse.noContent();
    }

    private SecretInfo existing(String ns, String name) {
        return secrets.find(ns, name).orElseThrow(() -> notFound(ns, name));
    }

    private static ApiProblem notFound(String ns, String name) {
        return ApiProblem.notFound("secret " + name + " not found in namespace " + ns);
    }

    private static boolean dryRun(ApiRequest request) {
        return switch (request.query("dryRun").orElse("false")) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiProblem.invalidField("dryRun", "dryRun: must be true or false");
        };
    }
}
