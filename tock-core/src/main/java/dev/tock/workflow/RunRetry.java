package dev.tock.workflow;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What retrying a failed or cancelled run makes anew: the instances that died or were cancelled, the instances of
 * every step after them (for a step that pipelines the same items, only those items), the step-level instances of
 * their fan-out steps (recomputed once their items end again) and the {@code onExit} step. Everything else, above
 * all the succeeded instances and their outputs, is kept.
 */
public final class RunRetry {
    private RunRetry() {
    }

    /** One instance to delete before the run is planned again. */
    public record Removal(String step, String itemKey) {
    }

    public static List<Removal> removals(WorkflowRun run) {
        Workflow w = run.definition();
        Map<String, Set<String>> failedItems = new HashMap<>(); // step -> item keys to redo ("" for the whole step)
        for (StepInstance i : run.instances()) {
            if (i.state() == InstanceState.DEAD || i.state() == InstanceState.CANCELLED || i.state() == InstanceState.WAITING) {
                failedItems.computeIfAbsent(i.step(), s -> new HashSet<>()).add(i.itemKey());
            }
        }
        // Spread to the steps after them, in written order (needs point backwards in any valid order of the graph).
        boolean grew = true;
        while (grew) {
            grew = false;
            for (WorkflowStep s : w.steps()) {
                for (String need : s.needs()) {
                    Set<String> redo = failedItems.get(need);
                    if (redo == null) {
                        continue;
                    }
                    Set<String> mine = failedItems.computeIfAbsent(s.name(), k -> new HashSet<>());
                    int before = mine.size();
                    if (s.sameAs().map(need::equals).orElse(false) && !redo.contains(StepInstance.STEP_KEY)) {
                        mine.addAll(redo);
                    } else {
                        mine.add(StepInstance.STEP_KEY);
                    }
                    grew |= mine.size() != before;
                }
            }
        }
        List<Removal> out = new ArrayList<>();
        for (StepInstance i : run.instances()) {
            Set<String> redo = failedItems.get(i.step());
            boolean exit = w.onExit().map(e -> e.name().equals(i.step())).orElse(false);
            boolean wholeStep = redo != null && redo.contains(StepInstance.STEP_KEY) && !w.step(i.step()).map(WorkflowStep::fansOut).orElse(false);
            boolean fanOutRedo = redo != null && w.step(i.step()).map(WorkflowStep::fansOut).orElse(false)
                    && (i.isStepLevel() || redo.contains(i.itemKey())
                    || (redo.contains(StepInstance.STEP_KEY) && i.state() != InstanceState.SUCCEEDED)
                    || (redo.contains(StepInstance.STEP_KEY) && dependsOnWholeStep(w, i.step(), failedItems)));
            if (exit || wholeStep || fanOutRedo) {
                out.add(new Removal(i.step(), i.itemKey()));
            }
        }
        return out;
    }

    /** A fan-out step after a step that runs again as a whole: its items are made again too, with the new outputs. */
    private static boolean dependsOnWholeStep(Workflow w, String step, Map<String, Set<String>> failedItems) {
        WorkflowStep s = w.step(step).orElseThrow();
        return s.needs().stream().anyMatch(n -> !s.sameAs().map(n::equals).orElse(false)
                && failedItems.getOrDefault(n, Set.of()).contains(StepInstance.STEP_KEY)
                && !w.step(n).map(WorkflowStep::fansOut).orElse(false));
    }
}
