package dev.tock.http.dto;

import dev.tock.model.ApplySet;
import java.util.List;

/** An apply set on the wire. */
public record ApplySetView(String namespace, String name, List<String> members) {
    public static ApplySetView of(ApplySet set) {
        return new ApplySetView(set.namespace(), set.name(), List.copyOf(set.members()));
    }

    /** A namespace's apply sets. */
    public record Page(List<ApplySetView> items) {
    }
}
