package dev.tock.cli;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** What a server node does: serve the API, fire schedules, run jobs. */
record NodeRoles(Set<String> names) {
    static final List<String> ALL = List.of("api", "scheduler", "worker");

    static NodeRoles parse(List<String> values) {
        Set<String> names = new LinkedHashSet<>();
        for (String v : values) {
            String name = v.trim().toLowerCase(Locale.ROOT);
            if (!ALL.contains(name)) {
                throw new IllegalArgumentException("--roles: unknown role \"" + v + "\" (roles: " + String.join(", ", ALL) + ")");
            }
            names.add(name);
        }
        return new NodeRoles(names.isEmpty() ? new LinkedHashSet<>(ALL) : names);
    }

    boolean api() {
        return names.contains("api");
    }

    boolean runsJobs() {
        return names.contains("scheduler") || names.contains("worker");
    }

    @Override
    public String toString() {
        return String.join(",", names);
    }
}
