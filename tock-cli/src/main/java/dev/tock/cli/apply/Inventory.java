package dev.tock.cli.apply;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.cli.client.ApiPaths;
import dev.tock.cli.client.Jsons;
import dev.tock.cli.client.TockClient;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What one apply set created in one namespace, kept on the server (the apply set resource,
 * {@code /v1/namespaces/{ns}/applysets/{set}}) so that {@code --prune} works from any machine. Only
 * objects that apply created are members, so an object made by hand is never pruned.
 */
final class Inventory {

    private Inventory() {
    }

    /** The objects the set created in {@code namespace}, as {@code kind/name}; empty when it has no record there. */
    static Optional<Set<String>> read(TockClient client, String namespace, String applySet) {
        return client.find(ApiPaths.applySet(namespace, applySet)).map(view -> {
            Set<String> objects = new TreeSet<>();
            view.path("members").forEach(o -> objects.add(o.asText()));
            return objects;
        });
    }

    /** Stores the record; an empty one is deleted. */
    static void write(TockClient client, String namespace, String applySet, Set<String> objects) {
        String path = ApiPaths.applySet(namespace, applySet);
        if (objects.isEmpty()) {
            client.find(path).ifPresent(existing -> client.delete(path));
            return;
        }
        ObjectNode body = Jsons.JSON.createObjectNode();
        ArrayNode list = body.putArray("members");
        new TreeSet<>(objects).forEach(list::add);
        client.put(path, body);
    }

    /** The entry of an object, e.g. {@code schedule/nightly}. */
    static String entry(ObjectRef ref) {
        return ref.kind().refName() + "/" + ref.name();
    }

    /** The object an entry names in {@code namespace}; empty for an entry this version does not know. */
    static Optional<ObjectRef> ref(String namespace, String entry) {
        int slash = entry.indexOf('/');
        if (slash < 0) {
            return Optional.empty();
        }
        String kind = entry.substring(0, slash);
        for (Kind k : Kind.values()) {
            if (k.prunable() && k.refName().equals(kind)) {
                return Optional.of(new ObjectRef(k, namespace, entry.substring(slash + 1)));
            }
        }
        return Optional.empty();
    }
}
