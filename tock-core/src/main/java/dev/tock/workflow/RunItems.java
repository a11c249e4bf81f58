package dev.tock.workflow;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * The items (fan-out instances) of one run as stored, read by {@link RunPlanner} only when it needs them: the items a
 * completion names, the next waiting ones, or all of a step's once (its fan-in output, a failFast cancellation).
 * The store reads them in the transaction that holds the run's lock.
 */
public interface RunItems {

    /** The stored items of {@code step} with these keys (those that exist). */
    List<StepInstance> find(String step, Collection<String> keys);

    /** Every stored item of {@code step}. */
    List<StepInstance> all(String step);

    /** Up to {@code limit} stored waiting items of {@code step}, in item order. */
    List<StepInstance> waiting(String step, int limit);

    /** The items of a run read whole ({@code instances} may hold step-level instances too; they are left out). */
    static RunItems of(List<StepInstance> instances) {
        return new RunItems() {
            private List<StepInstance> of(String step) {
                return instances.stream().filter(i -> i.step().equals(step) && !i.isStepLevel())
                        .sorted(Comparator.comparingInt(StepInstance::itemIndex)).toList();
            }

            @Override
            public List<StepInstance> find(String step, Collection<String> keys) {
                return of(step).stream().filter(i -> keys.contains(i.itemKey())).toList();
            }

            @Override
            public List<StepInstance> all(String step) {
                return of(step);
            }

            @Override
            public List<StepInstance> waiting(String step, int limit) {
                return of(step).stream().filter(i -> i.state() == InstanceState.WAITING).limit(limit).toList();
            }
        };
    }
}
