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
import java.util.Collection;
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
 * and whether the run ended. Pure but for the items it reads through {@link RunItems}: the store calls it inside the
 * transaction that recorded the completion which made steps ready, and writes what it decides in that same
 * transaction, under the run's lock, so every instance is made exactly once.
 *
 * <p>Incremental: it is given the step-level instances and each fan-out step's {@link ItemCounts}, and reads only the
 * items the ends name, the next waiting items when a {@code maxParallel} slot is free, the same item of a step that
 * pipelines ({@code sameAs}), and a step's every item only once (when it fans out, when it ends and its fan-in output is
 * made, or when failFast cancels it). Every change of an item moves its step's counts.
 */
public final class RunPlanner {
    private static final String TRIPPED = "not started: a step failed and failFast is on";
    private final WorkflowRun run;
    private final Workflow w;
    private final Instant now;
    private final RunItems stored;
    /** What this plan knows of each step's instances, by item key: read or changed. */
    private final Map<String, Map<String, StepInstance>> byStep = new HashMap<>();
    /** Steps whose every stored item was read; a key missing there is no item. */
    private final Set<String> wholeSteps = new HashSet<>();
    /** Keys read and found missing. */
    private final Set<String> absent = new HashSet<>();
    private final Map<String, ItemCounts> counts = new HashMap<>();
    private final Set<String> countsMoved = new HashSet<>();
    /** Items that reached a final state in this plan, per step, in that order: what a step that pipelines them follows. */
    private final Map<String, List<String>> endedNow = new HashMap<>();
    private final Map<String, InstanceChange> changes = new LinkedHashMap<>();
    /** The values of the items this plan made, by {@link #key}: a fan-out starts them in the same plan, unparsed again. */
    private final Map<String, JsonNode> itemValues = new HashMap<>();
    /** When each step's step-level needs ended, once asked ({@link #readyAfter}). */
    private final Map<String, Optional<Instant>> readyAfterByStep = new HashMap<>();
    /** The last ready-after time written on a job, and its text: the items of a fan-out share it. */
    private Instant readyAfterAt;
    private String readyAfterText;
    private JsonNode inputs;

    private RunPlanner(WorkflowRun run, Map<String, ItemCounts> counts, RunItems stored, Instant now) {
        this.run = run;
        this.w = run.definition();
        this.now = now;
        this.stored = stored;
        this.counts.putAll(counts);
        run.instances().forEach(i -> instances(i.step()).put(i.itemKey(), i));
    }

    /**
     * Records {@code ends} (whatever the run's state), then, if the run is running, decides what follows.
     *
     * @param run the run with its step-level instances (and any items already read)
     * @param counts the item counts of its fan-out steps, as stored
     * @param stored where to read its other items
     */
    public static RunAdvance plan(WorkflowRun run, Map<String, ItemCounts> counts, RunItems stored, List<InstanceEnd> ends, Instant now) {
        RunPlanner planner = new RunPlanner(run, counts, stored, now);
        planner.record(ends);
        if (run.state() != RunState.RUNNING) {
            return planner.result(Optional.empty());
        }
        return planner.advance();
    }

    private static String key(String step, String itemKey) {
        return step + "\u0000" + itemKey;
    }

    private Map<String, StepInstance> instances(String step) {
        return byStep.computeIfAbsent(step, s -> new LinkedHashMap<>());
    }

    /** The instance, read from the store when this plan does not know it yet. */
    private StepInstance get(String step, String itemKey) {
        StepInstance i = instances(step).get(itemKey);
        if (i != null || itemKey.isEmpty() || wholeSteps.contains(step) || absent.contains(key(step, itemKey))) {
            return i;
        }
        read(step, List.of(itemKey));
        return instances(step).get(itemKey);
    }

    /** Reads these items of {@code step} that this plan does not know yet. */
    private void read(String step, Collection<String> itemKeys) {
        List<String> unknown = new ArrayList<>();
        for (String k : itemKeys) {
            if (!k.isEmpty() && !instances(step).containsKey(k) && !absent.contains(key(step, k)) && !wholeSteps.contains(step)) {
                unknown.add(k);
            }
        }
        if (unknown.isEmpty()) {
            return;
        }
        Set<String> found = new HashSet<>();
        for (StepInstance i : stored.find(step, unknown)) {
            instances(step).putIfAbsent(i.itemKey(), i);
            found.add(i.itemKey());
        }
        unknown.stream().filter(k -> !found.contains(k)).forEach(k -> absent.add(key(step, k)));
    }

    /** Every item of {@code step}, in item order: those stored, as this plan changed them, and those it made. */
    private List<StepInstance> itemsOf(String step) {
        if (wholeSteps.add(step)) {
            for (StepInstance i : stored.all(step)) {
                instances(step).putIfAbsent(i.itemKey(), i);
            }
        }
        return instances(step).values().stream().filter(i -> !i.isStepLevel())
                .sorted(Comparator.comparingInt(StepInstance::itemIndex)).toList();
    }

    /** Up to {@code limit} waiting items of {@code step}, in item order. */
    private List<StepInstance> waitingItems(String step, int limit) {
        if (!wholeSteps.contains(step)) {
            // Items this plan changed may still read waiting in the store: read that many more.
            int changedHere = (int) changes.values().stream().filter(c -> c.instance().step().equals(step)).count();
            for (StepInstance i : stored.waiting(step, (int) Math.min(Integer.MAX_VALUE, (long) limit + changedHere))) {
                instances(step).putIfAbsent(i.itemKey(), i);
            }
        }
        return instances(step).values().stream().filter(i -> !i.isStepLevel() && i.state() == InstanceState.WAITING)
                .sorted(Comparator.comparingInt(StepInstance::itemIndex)).limit(limit).toList();
    }

    private ItemCounts counts(String step) {
        return counts.getOrDefault(step, ItemCounts.NONE);
    }

    /** Counts {@code step}'s items afresh from all of them (when its step-level instance is made). */
    private void recount(String step) {
        counts.put(step, ItemCounts.of(itemsOf(step)));
        countsMoved.add(step);
    }

    private void put(StepInstance instance, Optional<NewJob> job) {
        String k = key(instance.step(), instance.itemKey());
        StepInstance old = instances(instance.step()).get(instance.itemKey());
        boolean isNew = old == null || (changes.containsKey(k) && changes.get(k).isNew());
        if (!instance.isStepLevel()) {
            counts.put(instance.step(), counts(instance.step()).moved(old == null ? null : old.state(), instance.state()));
            countsMoved.add(instance.step());
            if (instance.state().isFinal() && (old == null || !old.state().isFinal())) {
                endedNow.computeIfAbsent(instance.step(), s -> new ArrayList<>()).add(instance.itemKey());
            }
        }
        instances(instance.step()).put(instance.itemKey(), instance);
        absent.remove(k);
        Optional<NewJob> keptJob = job.isPresent() ? job : Optional.ofNullable(changes.get(k)).flatMap(InstanceChange::job);
        changes.put(k, new InstanceChange(instance, isNew, keptJob));
    }

    private boolean madeNow(String step, String itemKey) {
        return Optional.ofNullable(changes.get(key(step, itemKey))).map(InstanceChange::isNew).orElse(false);
    }

    /** Records the ends of active instances' jobs; an end already recorded, or of an instance no longer active, changes nothing. */
    private void record(List<InstanceEnd> ends) {
        Map<String, List<String>> keys = new HashMap<>();
        ends.forEach(e -> keys.computeIfAbsent(e.step(), s -> new ArrayList<>()).add(e.itemKey()));
        keys.forEach(this::read);
        for (InstanceEnd e : ends) {
            StepInstance i = get(e.step(), e.itemKey());
            if (i != null && i.state() == InstanceState.ACTIVE) {
                put(i.with(e.state(), e.output(), e.error(), e.at()), Optional.empty());
            }
        }
    }

    private RunAdvance result(Optional<RunState> finished) {
        Map<String, ItemCounts> moved = new HashMap<>();
        countsMoved.forEach(s -> moved.put(s, counts(s)));
        return new RunAdvance(new ArrayList<>(changes.values()), finished, moved);
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
        return result(finished);
    }

    /** failFast is on and a step (or an item of one) other than onExit is dead. */
    private boolean tripped() {
        if (!w.failFast()) {
            return false;
        }
        for (WorkflowStep s : w.steps()) {
            StepInstance h = get(s.name(), StepInstance.STEP_KEY);
            if ((h != null && h.state() == InstanceState.DEAD) || counts(s.name()).dead() > 0) {
                return true;
            }
        }
        return false;
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
                    Optional.of(TRIPPED), now), Optional.empty());
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
                recount(step.name()); // a retried run keeps the items that succeeded
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
        recount(step.name()); // reads every stored item: a retried run keeps those that succeeded
        for (int i = 0; i < items.size(); i++) {
            if (get(step.name(), keys.get(i)) == null) { // a retried run keeps the items that succeeded
                put(StepInstance.of(step.name(), keys.get(i), i, 0, Optional.of(items.get(i).toString()), InstanceState.WAITING,
                        Optional.empty(), now), Optional.empty());
                itemValues.put(key(step.name(), keys.get(i)), items.get(i));
            }
        }
    }

    /** Follows the step's source (sameAs), cancels or starts waiting items, and finishes the step when all its items did. */
    private boolean advanceItems(WorkflowStep step, StepInstance header) {
        boolean changed = false;
        boolean tripped = tripped();
        if (step.sameAs().isPresent()) {
            changed |= followSource(step, tripped);
        }
        if (counts(step.name()).waiting() > 0) {
            if (tripped) {
                for (StepInstance item : waitingItems(step.name(), Integer.MAX_VALUE)) {
                    put(item.with(InstanceState.CANCELLED, Optional.empty(), Optional.of(TRIPPED), now), Optional.empty());
                    changed = true;
                }
            } else {
                int free = step.forEach().orElseThrow().maxParallel() - counts(step.name()).active();
                // An item that is skipped or fails to render takes no slot: the next round starts the ones after it.
                for (StepInstance item : free > 0 ? waitingItems(step.name(), free) : List.<StepInstance>of()) {
                    JsonNode value = itemValues.get(key(step.name(), item.itemKey()));
                    if (value == null) {
                        value = WorkflowJson.tree(item.item().orElse("null"));
                    }
                    // An item made in this same plan starts on the end of its needs; one that waited for a slot, on no hand-off.
                    Optional<Instant> after = madeNow(step.name(), item.itemKey()) ? readyAfter(step, item.itemKey()) : Optional.empty();
                    start(step, item.itemKey(), item.itemIndex(), Optional.of(value), item, after);
                    changed = true;
                }
            }
        }
        if (counts(step.name()).finished() >= header.itemCount()) {
            finishFanOut(step, header, itemsOf(step.name()));
            changed = true;
        }
        return changed;
    }

    /**
     * A sameAs step: one item for each item of the step it follows that has finished, judged by its trigger rule; all
     * of them cancelled once failFast tripped. It follows the items that ended in this plan, or, when the step was just
     * made (or failFast just tripped), every item of the step it follows.
     */
    private boolean followSource(WorkflowStep step, boolean tripped) {
        String source = step.sameAs().orElseThrow();
        ItemCounts mine = counts(step.name());
        StepInstance header = get(step.name(), StepInstance.STEP_KEY);
        boolean everyItem = madeNow(step.name(), StepInstance.STEP_KEY)
                || (tripped && mine.waiting() + mine.active() + mine.finished() < header.itemCount());
        List<StepInstance> candidates;
        if (everyItem) {
            itemsOf(step.name());
            candidates = itemsOf(source);
        } else {
            List<String> ended = endedNow.getOrDefault(source, List.of());
            if (ended.isEmpty()) {
                return false;
            }
            read(step.name(), ended);
            candidates = ended.stream().map(k -> get(source, k)).sorted(Comparator.comparingInt(StepInstance::itemIndex)).toList();
        }
        List<InstanceState> others = new ArrayList<>();
        for (String need : step.needs()) {
            if (!need.equals(source)) {
                others.add(get(need, StepInstance.STEP_KEY).state());
            }
        }
        boolean changed = false;
        for (StepInstance src : candidates) {
            if (get(step.name(), src.itemKey()) != null || (!tripped && !src.state().isFinal())) {
                continue;
            }
            InstanceState state;
            String why = null;
            if (tripped) {
                state = InstanceState.CANCELLED;
                why = TRIPPED;
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
        // An item made waiting already holds its text; only an instance made here needs it written out.
        Optional<String> itemText = existing == null ? item.map(JsonNode::toString) : existing.item();
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
        if (itemKey.isEmpty() || step.sameAs().isEmpty()) {
            // The step's needs are step-level instances, ended before it starts: one answer for all its items.
            return readyAfterByStep.computeIfAbsent(step.name(), s -> readyAfterNeeds(step, StepInstance.STEP_KEY));
        }
        return readyAfterNeeds(step, itemKey);
    }

    private Optional<Instant> readyAfterNeeds(WorkflowStep step, String itemKey) {
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
        Instant latest = null; // a loop: a fan-in reads thousands of items
        for (StepInstance i : instances) {
            Instant end = i.finishedAt().orElse(null);
            if (end != null && (latest == null || end.isAfter(latest))) {
                latest = end;
            }
        }
        return Optional.ofNullable(latest);
    }

    private NewJob job(WorkflowStep step, Scope scope, Optional<Instant> readyAfter) {
        JsonNode payload = StepTemplates.render(step.payload(), scope, "payload");
        NewJob.Builder b = NewJob.builder(step.type()).namespace(run.namespace()).queue(step.queue()).priority(step.priority())
                .retry(step.retry()).timeout(step.timeout().orElse(null)).payload(payload.toString())
                .label(StepLabels.RUN, run.id()).label(StepLabels.STEP, step.name());
        step.output().ifPresent(o -> b.label(StepLabels.OUTPUT, o));
        readyAfter.ifPresent(at -> b.label(StepLabels.READY_AFTER, readyAfterText(at)));
        if (step.executor().isPresent()) {
            ExecutorJson.read(StepTemplates.renderExecutor(step.executor().get(), scope, "executor")).ifPresent(b::executor);
        }
        return b.build();
    }

    private String readyAfterText(Instant at) {
        if (!at.equals(readyAfterAt)) {
            readyAfterAt = at;
            readyAfterText = at.toString();
        }
        return readyAfterText;
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
