package dev.tock.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Finds the route for a method and path; tells a path no route has from a method the path does not allow. */
public final class Router {
    private final List<Route> routes;

    public Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
        requireUnique();
    }

    public List<Route> routes() {
        return routes;
    }

    /** What a request's method and path led to. */
    public sealed interface Match {
        /** A route and the path parameters it matched. */
        record Found(Route route, Map<String, String> parameters) implements Match { }
        /** Routes exist for the path, none for the method. */
        record MethodNotAllowed(Set<HttpMethod> allowed) implements Match { }
        record NotFound() implements Match { }
    }

    public Match match(String method, String path) {
        Optional<HttpMethod> m = HttpMethod.parse(method);
        Route best = null;
        Map<String, String> bestParams = null;
        Set<HttpMethod> allowed = EnumSet.noneOf(HttpMethod.class);
        for (Route route : routes) {
            Optional<Map<String, String>> params = route.path().match(path);
            if (params.isEmpty()) {
                continue;
            }
            allowed.add(route.method());
            if (m.isPresent() && route.method() == m.get()
                    && (best == null || route.path().literalCount() > best.path().literalCount())) {
                best = route;
                bestParams = params.get();
            }
        }
        if (best != null) {
            return new Match.Found(best, bestParams);
        }
        return allowed.isEmpty() ? new Match.NotFound() : new Match.MethodNotAllowed(allowed);
    }

    private void requireUnique() {
        List<String> seen = new ArrayList<>();
        for (Route r : routes.stream().sorted(Comparator.comparing(Route::operationId)).toList()) {
            String key = r.method() + " " + r.path().text();
            if (seen.contains(key) || seen.contains(r.operationId())) {
                throw new IllegalArgumentException("route defined twice: " + key + " (" + r.operationId() + ")");
            }
            seen.add(key);
            seen.add(r.operationId());
        }
    }
}
