package dev.tock.store.jdbc;

import dev.tock.workflow.Workflow;
import dev.tock.workflow.WorkflowJson;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The definitions of runs, read once per text: every completion of a step reads its run's definition, and parsing
 * and checking it again each time was a good part of a hand-off. A run's definition never changes, so the text is
 * the key; the least recently used of more than {@link #MAX} are forgotten.
 */
final class Definitions {
    private static final int MAX = 256;
    private static final Map<String, Workflow> READ = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Workflow> eldest) {
            return size() > MAX;
        }
    };

    private Definitions() {
    }

    static Workflow read(String namespace, String workflow, String definition) {
        String key = namespace + '\u0000' + workflow + '\u0000' + definition;
        synchronized (READ) {
            Workflow known = READ.get(key);
            if (known != null) {
                return known;
            }
        }
        Workflow read = WorkflowJson.read(namespace, workflow, definition);
        synchronized (READ) {
            READ.put(key, read);
        }
        return read;
    }
}
