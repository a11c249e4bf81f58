package dev.tock.http;

import dev.tock.http.security.Caller;
import dev.tock.http.wire.ApiProblem;
import dev.tock.security.ApiToken;
import dev.tock.security.Role;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * The one place that decides, from a route's {@link Access} kind, the caller's role and scopes and the
 * namespace (and queue) in the path, whether a request may run. Anything it does not explicitly allow
 * is refused: 401 without a caller, 403 for a role too low or a namespace or queue out of scope.
 */
final class RoleAccessPolicy implements AccessPolicy {
    private static final Set<Role> READERS = EnumSet.of(Role.ADMIN, Role.OPERATOR, Role.VIEWER);
    private static final Set<Role> OPERATORS = EnumSet.of(Role.ADMIN, Role.OPERATOR);
    private static final Set<Role> ADMINS = EnumSet.of(Role.ADMIN);
    private static final Set<Role> WORKERS = EnumSet.of(Role.ADMIN, Role.WORKER);
    /** Path parameters that name a queue, for worker tokens limited to some queues. */
    private static final Set<String> QUEUE_PARAMETERS = Set.of("queue", "q");

    @Override
    public void authorize(ApiRequest request) {
        Access access = request.route().access();
        if (access == Access.PUBLIC) {
            return;
        }
        Caller caller = request.principal().filter(Caller.class::isInstance).map(Caller.class::cast)
                .orElseThrow(() -> ApiProblem.unauthenticated("this route needs a token: send Authorization: Bearer <token>", false));
        denial(access, caller.token(), request).ifPresent(reason -> {
            throw ApiProblem.forbidden("token " + caller.token().name() + " (" + caller.token().role().wireName() + ") " + reason);
        });
    }

    /** Why {@code token} may not do {@code access} here; empty when it may. */
    static Optional<String> denial(Access access, ApiToken token, ApiRequest request) {
        Optional<String> ns = request.namespace();
        return switch (access) {
            case PUBLIC, AUTHENTICATED -> Optional.empty();
            case READ -> inNamespace(token, ns, READERS, "read");
            case OPERATE -> inNamespace(token, ns, OPERATORS, "run, cancel, retry, trigger or pause work");
            case WRITE -> inNamespace(token, ns, ADMINS, "change schedules or queue settings");
            case WORK -> inNamespace(token, ns, WORKERS, "lease or finish jobs").or(() -> queue(token, request));
            case OBSERVE -> cluster(token, READERS, "read cluster-wide views");
            case ADMIN -> cluster(token, ADMINS, "administer the cluster (namespaces, tokens, audit log)");
        };
    }

    private static Optional<String> inNamespace(ApiToken token, Optional<String> ns, Set<Role> roles, String what) {
        if (!roles.contains(token.role())) {
            return Optional.of("may not " + what + "; that needs " + names(roles));
        }
        if (ns.isEmpty()) {
            // A namespaced kind on a route without a namespace, e.g. listing namespaces: answered per token.
            return Optional.empty();
        }
        return token.coversNamespace(ns.get()) ? Optional.empty()
                : Optional.of("is not scoped to namespace " + ns.get() + " (scopes: " + String.join(", ", token.namespaces()) + ")");
    }

    private static Optional<String> cluster(ApiToken token, Set<Role> roles, String what) {
        if (!roles.contains(token.role()) || !token.coversCluster()) {
            return Optional.of("may not " + what + "; that needs " + names(roles) + " scoped to every namespace (*)");
        }
        return Optional.empty();
    }

    private static Optional<String> queue(ApiToken token, ApiRequest request) {
        if (token.role() != Role.WORKER) {
            return Optional.empty();
        }
        for (String name : QUEUE_PARAMETERS) {
            Optional<String> queue = request.optionalPathParam(name);
            if (queue.isPresent() && !token.coversQueue(queue.get())) {
                return Optional.of("is not scoped to queue " + queue.get() + " (queues: " + String.join(", ", token.queues()) + ")");
            }
        }
        return Optional.empty();
    }

    private static String names(Set<Role> roles) {
        return String.join(" or ", roles.stream().map(Role::wireName).toList());
    }
}
