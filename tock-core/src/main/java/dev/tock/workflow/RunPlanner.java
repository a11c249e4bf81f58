package dev.tock.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.tock.model.ExecutorJson;
import dev.tock.model.InvalidJobException;
import dev.tock.model.NewJob;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Decides, from a run's definition and its instances as stored, what happens next: which steps start (and with
 * which jobs), which are skipped or cancelled, which fan-out items start, which steps are finished as a whole,
 * and whether the run ended. Pure: the store calls it inside the transaction that recorded the completion which
 * made steps ready, and writes what it decides in that same transaction, under the run's lock, so every instance
 * is made exactly once.
 */
public final class RunPlanner {
    private final WorkflowRun run;
    private final Workflow w;
    private final Instant now;
    private final Map<String, StepInstance> byKey = new LinkedHashMap<>();
    private final Map<String, InstanceChange> changes = new LinkedHashMap<>();
    private JsonNode inputs;

    private RunPlanner(WorkflowRun run, Instant now) {
        this.run = run;
        this.w = run.definition();
        this.now = now;
        run.instances().forEach(i -> byKey.put(key(i.step(), i.itemKey()), i));
    }

    /** What to do next in {@code run}; nothing unless it is running. */
    public static RunAdvance plan(WorkflowRun run, Instant now) {
        if (run.state() != RunState.RUNNING) {
            return new RunAdvance(List.of(), Optional.empty());
        }
        return new RunPlanner(run, now).advance();
    }

    private static String key(String step, String itemKey) {
        return step + "\u0000" + itemKey;
    }

    private StepInstance get(String step, String itemKey) {
        return byKey.get(key(step, itemKey));
    }

    private void put(StepInstance instance, Optional<NewJob> job) {
        String k = key(instance.step(), instance.itemKey());
        boolean isNew = !byKey.containsKey(k) || (changes.containsKey(k) && changes.get(k).isNew());
        byKey.put(k, instance);
        Optional<NewJob> keptJob = job.isPresent() ? job : Optional.ofNullable(changes.get(k)).flatMap(InstanceChange::job);
        changes.put(k, new InstanceChange(instance, isNew, keptJob));
    }

    private RunAdvance advance() {
        inputs = WorkflowJson.tree(run.inputs());
        boolean changed = true;
        for (int round = 0; changed && round < 10_000; round++) {
            changed = false;
            for (WorkflowStep step : w.steps()) {
                changed |= advanceStep(step);
            }
        }
        Optional<RunState> finished = finish(); // may start onExit: read the changes after it
        return new RunAdvance(new ArrayList<>(changes.values()), finished);
    }

    private boolean tripped() {
        return w.failFast() && byKey.values().stream()
                .anyMatch(i -> i.state() == InstanceState.DEAD && w.onExit().map(e -> !e.name().equals(i.step())).orElse(true));
    }

    private Optional<RunState> finish() {
        List<StepInstance> mains = new ArrayList<>();
        for (WorkflowStep s : w.steps()) {
            StepInstance h = get(s.name(), StepInstance.STEP_KEY);
            if (h == null || !h.state().isFinal()) {
                return Optional.empty();
            }
            mains.add(h);
        }
        if (w.onExit().isPresent()) {
            WorkflowStep exit = w.onExit().get();
            StepInstance h = get(exit.name(), StepInstance.STEP_KEY);
            if (h == null) {
                start(exit, StepInstance.STEP_KEY, 0, Optional.empty(), null, latestEnd(mains));
                return Optional.empty();
            }
            if (!h.state().isFinal()) {
                return Optional.empty();
            }
            mains.add(h);
        }
        boolean failed = mains.stream().anyMatch(h -> h.state() == InstanceState.DEAD || h.state() == InstanceState.CANCELLED);
        return Optional.of(failed ? RunState.FAILED : RunState.SUCCEEDED);
    }

    private boolean advanceStep(WorkflowStep step) {
        StepInstance h = get(step.name(), StepInstance.STEP_KEY);
        if (h == null) {
            return begin(step);
        }
        if (h.state() == InstanceState.ACTIVE && step.fansOut()) {
            return advanceItems(step, h);
        }
        return false;
    }

    /** Starts, skips or cancels a step whose needs have all finished; false while they have not. */
    private boolean begin(WorkflowStep step) {
        if (tripped()) {
            put(StepInstance.of(step.name(), StepInstance.STEP_KEY, 0, 0, Optional.empty(), InstanceState.CANCELLED,
                    Optional.of("not started: a step failed and failFast is on"), now), Optional.empty());
            return true;
        }
        List<InstanceState> needStates = new ArrayList<>();
        for (String need : step.needs()) {
            StepInstance n = get(need, StepInstance.STEP_KEY);
            boolean source = step.sameAs().map(need::equals).orElse(false);
            if (n == null || (!source && !n.state().isFinal())) {
                return false;
            }
            if (!source) {
                needStates.add(n.state());
            }
        }
        if (!step.trigger().admits(needStates)) {
            skip(step, "its needs did not meet " + step.trigger().wireName());
            return true;
        }
        if (step.sameAs().isPresent()) {
            StepInstance source = get(step.sameAs().get(), StepInstance.STEP_KEY);
            boolean hasItems = source.state() == InstanceState.ACTIVE || source.state() == InstanceState.SUCCEEDED
                    || (source.state() == InstanceState.DEAD && source.itemCount() > 0);
            if (!hasItems) {
                skip(step, "the step it follows, " + source.step() + ", has no items");
            } else {
                put(StepInstance.of(step.name(), StepInstance.STEP_KEY, 0, source.itemCount(), Optional.empty(),
                        InstanceState.ACTIVE, Optional.empty(), now), Optional.empty());
            }
            return true;
        }
        if (step.forEach().isPresent()) {
            expand(step);
            return true;
        }
        start(step, StepInstance.STEP_KEY, 0, Optional.empty(), null, readyAfter(step, StepInstance.STEP_KEY));
        return true;
    }

    private void skip(WorkflowStep step, String why) {
        put(StepInstance.of(step.name(), StepInstance.STEP_KEY, 0, 0, Optional.empty(), InstanceState.SKIPPED, Optional.of(why), now),
                Optional.empty());
    }

    private void fail(WorkflowStep step, String itemKey, int index, int count, Optional<String> item, String error) {
        StepInstance old = get(step.name(), itemKey);
        StepInstance dead = old == null
                ? StepInstance.of(step.name(), itemKey, index, count, item, InstanceState.DEAD, Optional.of(error), now)
                : old.with(InstanceState.DEAD, Optional.empty(), Optional.of(error), now);
        put(dead, Optional.empty());
    }

    /** Makes the items of a forEach step: all of them waiting, started up to maxParallel by {@link #advanceItems}. */
    private void expand(WorkflowStep step) {
        ForEach fe = step.forEach().orElseThrow();
        String field = "forEach.items";
        List<JsonNode> items = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        try {
            JsonNode list = StepTemplates.renderText(fe.items().orElseThrow(), scope(step, Optional.empty(), null), field);
            if (!list.isArray()) {
                throw new InvalidWorkflowException(field, fe.items().get() + " is not a list (it is " + describe(list) + ")");
            }
            if (list.size() > run.limits().maxFanOut()) {
                throw new InvalidWorkflowException(field, list.size() + " items, over max-fan-out " + run.limits().maxFanOut());
            }
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < list.size(); i++) {
                JsonNode item = list.get(i);
                String key = fe.key().isEmpty() ? String.valueOf(i)
                        : StepTemplates.renderText(fe.key().get(), scope(step, Optional.of(item), null), "forEach.key").asText();
                if (key.isEmpty() || key.length() > 200) {
                    throw new InvalidWorkflowException("forEach.key", "item " + i + " has a key of " + key.length()
                            + " characters; keys are 1-200 characters");
                }
                if (!seen.add(key)) {
                    throw new InvalidWorkflowException("forEach.key", "two items have the key " + key);
                }
                items.add(item);
                keys.add(key);
            }
        } catch (InvalidJobException e) {
            fail(step, StepInstance.STEP_KEY, 0, 0, Optional.empty(), e.getMessage());
            return;
        }
        put(StepInstance.of(step.name(), StepInstance.STEP_KEY, 0, items.size(), Optional.empty(), InstanceState.ACTIVE,
                Optional.empty(), now), Optional.empty());
        for (int i = 0; i < items.size(); i++) {
            if (get(step.name(), keys.get(i)) == null) { // a retried run keeps the items that succeeded
                put(StepInstance.of(step.name(), keys.get(i), i, 0, Optional.of(items.get(i).toString()), InstanceState.WAITING,
                        Optional.empty(), now), Optional.empty());
            }
        }
    }

    private boolean advanceItems(WorkflowStep step, StepInstance header) {
        boolean changed = false;
        boolean tripped = tripped();
        List<StepInstance> items = itemsOf(step.name());
        if (step.sameAs().isPresent()) {
            changed |= followSource(step, items, tripped);
            items = itemsOf(step.name());
        }
        int active = (int) items.stream().filter(i -> i.state() == InstanceState.ACTIVE).count();
        for (StepInstance item : items) {
            if (item.state() != InstanceState.WAITING) {
                continue;
            }
            if (tripped) {
                put(item.with(InstanceState.CANCELLED, Optional.empty(), Optional.of("not started: a step failed and failFast is on"),
                        now), Optional.empty());
                changed = true;
            } else if (active < step.forEach().orElseThrow().maxParallel()) {
                JsonNode value = WorkflowJson.tree(item.item().orElse("null"));
                // An item made in this same plan starts on the end of its needs; one that waited for a slot, on no hand-off.
                boolean madeNow = Optional.ofNullable(changes.get(key(step.name(), item.itemKey()))).map(InstanceChange::isNew).orElse(false);
                Optional<Instant> after = madeNow ? readyAfter(step, item.itemKey()) : Optional.empty();
                if (start(step, item.itemKey(), item.itemIndex(), Optional.of(value), item, after)) {
                    active++;
                }
                changed = true;
            }
        }
        items = itemsOf(step.name());
        if (items.size() == header.itemCount() && items.stream().allMatch(i -> i.state().isFinal())) {
            finishFanOut(step, header, items);
            changed = true;
        }
        return changed;
    }

    /** A sameAs step: one item for each item of the step it follows that has finished, judged by its trigger rule. */
    private boolean followSource(WorkflowStep step, List<StepInstance> items, boolean tripped) {
        Set<String> have = new HashSet<>();
        items.forEach(i -> have.add(i.itemKey()));
        List<InstanceState> others = new ArrayList<>();
        for (String need : step.needs()) {
            if (!need.equals(step.sameAs().get())) {
                others.add(get(need, StepInstance.STEP_KEY).state());
            }
        }
        boolean changed = false;
        for (StepInstance src : itemsOf(step.sameAs().get())) {
            if (have.contains(src.itemKey()) || (!tripped && !src.state().isFinal())) {
                continue;
            }
            InstanceState state;
            String why = null;
            if (tripped) {
                state = InstanceState.CANCELLED;
                why = "not started: a step failed and failFast is on";
            } else {
                List<InstanceState> needs = new ArrayList<>(others);
                needs.add(src.state());
                state = step.trigger().admits(needs) ? InstanceState.WAITING : InstanceState.SKIPPED;
                why = state == InstanceState.SKIPPED ? "item " + src.itemKey() + " of " + src.step() + " ended " + src.state().wireName() : null;
            }
            put(StepInstance.of(step.name(), src.itemKey(), src.itemIndex(), 0, src.item(), state, Optional.ofNullable(why), now),
                    Optional.empty());
            changed = true;
        }
        return changed;
    }

    private List<StepInstance> itemsOf(String step) {
        return byKey.values().stream().filter(i -> i.step().equals(step) && !i.isStepLevel())
                .sorted(Comparator.comparingInt(StepInstance::itemIndex)).toList();
    }

    /** A fan-out step whose items all finished: its state and its fan-in output, the list of item outputs (or their count). */
    private void finishFanOut(WorkflowStep step, StepInstance header, List<StepInstance> items) {
        InstanceState state = InstanceState.SUCCEEDED;
        if (items.stream().anyMatch(i -> i.state() == InstanceState.DEAD)) {
            state = InstanceState.DEAD;
        } else if (items.stream().anyMatch(i -> i.state() == InstanceState.CANCELLED)) {
            state = InstanceState.CANCELLED;
        }
        StringBuilder list = new StringBuilder("[");
        for (StepInstance item : items) {
            if (list.length() > 1) {
                list.append(',');
            }
            list.append(item.output().orElse("null"));
        }
        String output = list.append(']').toString();
        if (output.getBytes(StandardCharsets.UTF_8).length > run.limits().maxStepOutputBytes()) {
            output = String.valueOf(items.size());
        }
        // The step ended when its last item did: what follows it hands off from there.
        put(header.with(state, Optional.of(output), header.error(), latestEnd(items).orElse(now)), Optional.empty());
    }

    /**
     * Starts one instance: its {@code when} decides whether it runs; its job is rendered from the templates. A
     * template that cannot be filled in (data-dependent) fails the instance with the reason.
     *
     * @return true when a job was made
     */
    private boolean start(WorkflowStep step, String itemKey, int index, Optional<JsonNode> item, StepInstance existing,
                          Optional<Instant> readyAfter) {
        Optional<String> itemText = item.map(JsonNode::toString);
        try {
            Scope scope = scope(step, item, itemKey);
            if (step.when().isPresent() && !WhenExpression.parse(step.when().get(), "when").test(scope, "when")) {
                StepInstance skipped = existing == null
                        ? StepInstance.of(step.name(), itemKey, index, 0, itemText, InstanceState.SKIPPED, Optional.of("when was false"), now)
                        : existing.with(InstanceState.SKIPPED, Optional.empty(), Optional.of("when was false"), now);
                put(skipped, Optional.empty());
                return false;
            }
            NewJob job = job(step, scope, readyAfter);
            StepInstance active = existing == null
                    ? StepInstance.of(step.name(), itemKey, index, 0, itemText, InstanceState.ACTIVE, Optional.empty(), now)
                    : existing.with(InstanceState.ACTIVE, Optional.empty(), Optional.empty(), now);
            put(active, Optional.of(job));
            return true;
        } catch (InvalidJobException e) {
            fail(step, itemKey, index, 0, itemText, e.getMessage());
            return false;
        }
    }

    /** When the instances that {@code step} (for {@code itemKey}) needs ended: the latest of them, when they all have. */
    private Optional<Instant> readyAfter(WorkflowStep step, String itemKey) {
        List<StepInstance> needs = new ArrayList<>();
        for (String need : step.needs()) {
            boolean sameItem = !itemKey.isEmpty() && step.sameAs().map(need::equals).orElse(false);
            StepInstance n = get(need, sameItem ? itemKey : StepInstance.STEP_KEY);
            if (n != null) {
                needs.add(n);
            }
        }
        return latestEnd(needs);
    }

    private static Optional<Instant> latestEnd(List<StepInstance> instances) {
        return instances.stream().flatMap(i -> i.finishedAt().stream()).max(Comparator.naturalOrder());
    }

    private NewJob job(WorkflowStep step, Scope scope, Optional<Instant> readyAfter) {
        JsonNode payload = StepTemplates.render(step.payload(), scope, "payload");
        NewJob.Builder b = NewJob.builder(step.type()).namespace(run.namespace()).queue(step.queue()).priority(step.priority())
                .retry(step.retry()).timeout(step.timeout().orElse(null)).payload(payload.toString())
                .label(StepLabels.RUN, run.id()).label(StepLabels.STEP, step.name());
        step.output().ifPresent(o -> b.label(StepLabels.OUTPUT, o));
        readyAfter.ifPresent(at -> b.label(StepLabels.READY_AFTER, at.toString()));
        if (step.executor().isPresent()) {
            ExecutorJson.read(StepTemplates.render(step.executor().get(), scope, "executor")).ifPresent(b::executor);
        }
        return b.build();
    }

    /** What {@code step} (for the item {@code itemKey}, if any) reads: inputs, outputs of finished steps, its item. */
    private Scope scope(WorkflowStep step, Optional<JsonNode> item, String itemKey) {
        String group = step.fansOut() ? w.itemSource(step) : null;
        Map<String, JsonNode> cache = new HashMap<>();
        return new Scope(inputs, name -> {
            WorkflowStep other = w.step(name).orElse(null);
            if (other == null) {
                return null;
            }
            return cache.computeIfAbsent(name, n -> {
                boolean sameItem = group != null && itemKey != null && !itemKey.isEmpty() && other.fansOut()
                        && w.itemSource(other).equals(group);
                StepInstance i = get(n, sameItem ? itemKey : StepInstance.STEP_KEY);
                return i == null ? JsonNodeFactory.instance.nullNode() : WorkflowJson.tree(i.output().orElse(null));
            });
        }, item);
    }

    private static String describe(JsonNode node) {
        if (node.isNull() || node.isMissingNode()) {
            return "null";
        }
        String text = node.toString();
        return node.getNodeType().name().toLowerCase() + " " + (text.length() > 80 ? text.substring(0, 80) + "…" : text);
    }

    /** The fan-in list of {@code outputs}, for tests and views. */
    static ArrayNode list(List<JsonNode> outputs) {
        ArrayNode a = JsonNodeFactory.instance.arrayNode();
        outputs.forEach(a::add);
        return a;
    }
}
