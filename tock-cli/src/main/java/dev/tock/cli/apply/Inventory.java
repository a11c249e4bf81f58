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
 * What one apply set created in one namespace, kept on the server so that {@code --prune} works from any
 * machine: the REST API's schedules and queues carry no labels, so the record is a suspended schedule
 * named {@code tock-applyset-<set>} whose job template's payload lists the objects, e.g.
 * {@code {"applySet": "prod", "objects": ["queue/mail", "schedule/nightly"]}}. It never fires. Only
 * objects that apply created are listed, so an object made by hand is never pruned.
 */
final class Inventory {
    static final String PREFIX = "tock-applyset-";
    static final String TYPE = "tock.dev/apply-set";

    private Inventory() {
    }

    static String scheduleName(String applySet) {
        return PREFIX + applySet;
    }

    /** The objects the set created in {@code namespace}, as {@code kind/name}; empty when it has no record there. */
    static Optional<Set<String>> read(TockClient client, String namespace, String applySet) {
        return client.find(ApiPaths.schedule(namespace, scheduleName(applySet))).map(view -> {
            Set<String> objects = new TreeSet<>();
            view.path("jobTemplate").path("payload").path("objects").forEach(o -> objects.add(o.asText()));
            return objects;
        });
    }

    /** Stores the record; an empty one is deleted. */
    static void write(TockClient client, String namespace, String applySet, Set<String> objects) {
        String path = ApiPaths.schedule(namespace, scheduleName(applySet));
        if (objects.isEmpty()) {
            client.find(path).ifPresent(existing -> client.delete(path));
            return;
        }
        ObjectNode body = Jsons.JSON.createObjectNode().put("schedule", "@yearly").put("suspend", true);
        ObjectNode template = body.putObject("jobTemplate").put("type", TYPE);
        template.putObject("labels").put(Specs.MANAGED_BY, "apply").put(Specs.APPLY_SET, applySet);
        ObjectNode payload = template.putObject("payload").put("applySet", applySet);
        ArrayNode list = payload.putArray("objects");
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
            if (k != Kind.JOB && k.refName().equals(kind)) {
                return Optional.of(new ObjectRef(k, namespace, entry.substring(slash + 1)));
            }
        }
        return Optional.empty();
    }
}
