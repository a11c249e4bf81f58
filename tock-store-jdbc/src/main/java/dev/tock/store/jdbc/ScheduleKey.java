package dev.tock.store.jdbc;

import java.util.List;
import java.util.stream.Stream;

/** A schedule's key; ordered, so that transactions lock schedule rows in one order and never deadlock. */
record ScheduleKey(String namespace, String name) implements Comparable<ScheduleKey> {

    @Override
    public int compareTo(ScheduleKey o) {
        int byNamespace = namespace.compareTo(o.namespace);
        return byNamespace != 0 ? byNamespace : name.compareTo(o.name);
    }

    /** The parameters of {@link Sql#tuples} for these keys: namespace, name, namespace, name, ... */
    static Object[] parameters(List<ScheduleKey> keys) {
        return keys.stream().flatMap(k -> Stream.of(k.namespace, k.name)).toArray();
    }
}
