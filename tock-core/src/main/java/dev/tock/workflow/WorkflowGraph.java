package dev.tock.workflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The checks that look across steps: unique names, {@code needs} naming steps that exist, no cycle, {@code sameAs}
 * naming a fan-out step, and every template or condition reading only inputs, steps this one needs (directly or
 * through others) and, in a fan-out step, its item.
 */
final class WorkflowGraph {
    private WorkflowGraph() {
    }

    static void check(Workflow w) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < w.steps().size(); i++) {
            if (index.putIfAbsent(w.steps().get(i).name(), i) != null) {
                throw new InvalidWorkflowException("steps[" + i + "].name", "another step is already named " + w.steps().get(i).name());
            }
        }
        w.onExit().filter(e -> index.containsKey(e.name())).ifPresent(e -> {
            throw new InvalidWorkflowException("onExit.name", "another step is already named " + e.name());
        });
        for (int i = 0; i < w.steps().size(); i++) {
            List<String> needs = w.steps().get(i).needs();
            for (int j = 0; j < needs.size(); j++) {
                if (!index.containsKey(needs.get(j))) {
                    throw new InvalidWorkflowException("steps[" + i + "].needs[" + j + "]", "unknown step " + needs.get(j));
                }
            }
        }
        checkCycles(w, index);
        for (int i = 0; i < w.steps().size(); i++) {
            checkStep(w, w.steps().get(i), "steps[" + i + "]", index);
        }
        w.onExit().ifPresent(e -> checkStep(w, e, "onExit", index));
    }

    private static void checkCycles(Workflow w, Map<String, Integer> index) {
        int[] mark = new int[w.steps().size()]; // 0 unseen, 1 on the path, 2 done
        for (int i = 0; i < mark.length; i++) {
            visit(w, i, mark, index);
        }
    }

    private static void visit(Workflow w, int i, int[] mark, Map<String, Integer> index) {
        if (mark[i] == 2) {
            return;
        }
        mark[i] = 1;
        List<String> needs = w.steps().get(i).needs();
        for (int j = 0; j < needs.size(); j++) {
            int k = index.get(needs.get(j));
            if (mark[k] == 1) {
                throw new InvalidWorkflowException("steps[" + i + "].needs[" + j + "]", "makes a cycle: " + needs.get(j)
                        + " already needs " + w.steps().get(i).name() + ", directly or through other steps");
            }
            visit(w, k, mark, index);
        }
        mark[i] = 2;
    }

    private static void checkStep(Workflow w, WorkflowStep step, String at, Map<String, Integer> index) {
        Set<String> upstream = step == w.onExit().orElse(null) ? index.keySet() : ancestors(w, step);
        step.sameAs().ifPresent(s -> {
            if (w.step(s).flatMap(WorkflowStep::forEach).isEmpty()) {
                throw new InvalidWorkflowException(at + ".forEach.sameAs", s + " is not a step with forEach");
            }
        });
        List<String> refs = new ArrayList<>(StepTemplates.references(step.payload()));
        step.executor().ifPresent(e -> refs.addAll(StepTemplates.references(e)));
        checkReferences(w, refs, at + ".payload", step, upstream);
        step.when().ifPresent(wh -> checkReferences(w, WhenExpression.parse(wh, at + ".when").references(), at + ".when", step, upstream));
        step.forEach().flatMap(ForEach::items).ifPresent(items -> {
            List<String> itemRefs = StepTemplates.references(items);
            if (itemRefs.stream().anyMatch(r -> r.startsWith("item"))) {
                throw new InvalidWorkflowException(at + ".forEach.items", "cannot read {{item}}");
            }
            checkReferences(w, itemRefs, at + ".forEach.items", step, upstream);
        });
        step.forEach().flatMap(ForEach::key)
                .ifPresent(k -> checkReferences(w, StepTemplates.references(k), at + ".forEach.key", step, upstream));
    }

    private static void checkReferences(Workflow w, List<String> refs, String at, WorkflowStep step, Set<String> upstream) {
        for (String ref : refs) {
            String[] parts = ref.split("\\.");
            if (parts[0].equals("inputs") && parts.length > 1 && w.inputs().filter(in -> !in.containsKey(parts[1])).isPresent()) {
                throw new InvalidWorkflowException(at, "inputs." + parts[1] + " is not one of the workflow's inputs ("
                        + (w.inputs().get().isEmpty() ? "it declares none" : String.join(", ", w.inputs().get().keySet())) + ")");
            }
            if (parts[0].equals("item") && !step.fansOut()) {
                throw new InvalidWorkflowException(at, "{{" + ref + "}} is only known in a step with forEach");
            }
            if (parts[0].equals("steps")) {
                if (parts.length < 3 || !parts[2].equals("output")) {
                    throw new InvalidWorkflowException(at, "a step reference reads steps.NAME.output[.FIELD], not " + ref);
                }
                if (!upstream.contains(parts[1])) {
                    throw new InvalidWorkflowException(at, "steps." + parts[1] + " is not a step this one needs (directly or"
                            + " through its needs)");
                }
            }
        }
    }

    /** The steps {@code step} needs, directly or through others. */
    static Set<String> ancestors(Workflow w, WorkflowStep step) {
        Set<String> seen = new HashSet<>();
        List<String> todo = new ArrayList<>(step.needs());
        while (!todo.isEmpty()) {
            String n = todo.removeLast();
            if (seen.add(n)) {
                w.step(n).ifPresent(s -> todo.addAll(s.needs()));
            }
        }
        return seen;
    }
}
