package dev.tock.workflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tock.Durations;
import dev.tock.model.ExecutorJson;
import dev.tock.model.InvalidJobException;
import dev.tock.model.JsonText;
import dev.tock.model.NewJob;
import dev.tock.model.Names;
import dev.tock.model.RetryPolicy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A workflow's spec as JSON (what {@code kind: Workflow} holds under {@code spec}, and what the store keeps), read
 * and checked field by field: every refusal names its field, e.g. {@code steps[2].needs[0]}.
 */
public final class WorkflowJson {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> STEP_FIELDS = Set.of("name", "type", "payload", "queue", "priority", "retry", "timeout",
            "executor", "needs", "trigger", "when", "forEach", "output");
    private static final Set<String> SPEC_FIELDS = Set.of("steps", "failFast", "onExit", "inputs");
    private static final Set<String> INPUT_FIELDS = Set.of("default", "description");
    /** An input's name: what a reference's part may be ({@code {{inputs.NAME}}}). */
    private static final Pattern INPUT_NAME = Pattern.compile("[A-Za-z0-9_-]{1,63}");
    public static final int MAX_STEPS = 200;

    private WorkflowJson() {
    }

    /** Reads and checks a spec given as JSON text. */
    public static Workflow read(String namespace, String name, String specJson) {
        try {
            return read(namespace, name, JsonText.read(specJson));
        } catch (JsonProcessingException e) {
            throw new InvalidWorkflowException("spec", "is not JSON: " + e.getOriginalMessage());
        }
    }

    /** Reads and checks a spec. */
    public static Workflow read(String namespace, String name, JsonNode spec) {
        Names.requireResourceName("namespace", namespace);
        try {
            Names.requireResourceName("name", name);
        } catch (InvalidJobException e) {
            throw new InvalidWorkflowException("name", e.getMessage().replaceFirst("^name: ", ""));
        }
        if (spec == null || !spec.isObject()) {
            throw new InvalidWorkflowException("spec", "must be an object with steps");
        }
        onlyFields(spec, SPEC_FIELDS, "");
        JsonNode stepsNode = spec.path("steps");
        if (!stepsNode.isMissingNode() && !stepsNode.isArray()) {
            throw new InvalidWorkflowException("steps", "must be a list of steps, was "
                    + stepsNode.getNodeType().toString().toLowerCase(Locale.ROOT));
        }
        if (stepsNode.isEmpty()) {
            throw new InvalidWorkflowException("steps", "a workflow needs at least one step");
        }
        if (stepsNode.size() > MAX_STEPS) {
            throw new InvalidWorkflowException("steps", "at most " + MAX_STEPS + " steps, got " + stepsNode.size());
        }
        List<WorkflowStep> steps = new ArrayList<>();
        for (int i = 0; i < stepsNode.size(); i++) {
            steps.add(step(namespace, stepsNode.get(i), "steps[" + i + "]"));
        }
        Optional<WorkflowStep> onExit = Optional.empty();
        if (spec.hasNonNull("onExit")) {
            WorkflowStep exit = step(namespace, spec.get("onExit"), "onExit");
            if (!exit.needs().isEmpty() || exit.forEach().isPresent()) {
                throw new InvalidWorkflowException("onExit", "runs after every other step: it has no needs and no forEach");
            }
            onExit = Optional.of(exit);
        }
        JsonNode failFast = spec.path("failFast");
        if (!failFast.isMissingNode() && !failFast.isBoolean()) {
            throw new InvalidWorkflowException("failFast", "must be true or false");
        }
        Workflow workflow = new Workflow(namespace, name, steps, failFast.isMissingNode() || failFast.booleanValue(), onExit,
                inputs(spec.get("inputs")));
        WorkflowGraph.check(workflow);
        return workflow;
    }

    /** {@code spec.inputs}: by name, each {@code {}} (required), or with a {@code default} and a {@code description}. */
    private static Optional<Map<String, WorkflowInput>> inputs(JsonNode node) {
        if (node == null || node.isNull()) {
            return Optional.empty();
        }
        if (!node.isObject()) {
            throw new InvalidWorkflowException("inputs", "must be an object of inputs by name, such as"
                    + " {version: {}, env: {default: prod}}");
        }
        Map<String, WorkflowInput> inputs = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String at = "inputs." + e.getKey();
            if (!INPUT_NAME.matcher(e.getKey()).matches()) {
                throw new InvalidWorkflowException(at, "an input's name is 1-63 letters, digits, '_' or '-'");
            }
            JsonNode input = e.getValue().isNull() ? JSON.createObjectNode() : e.getValue();
            if (!input.isObject()) {
                throw new InvalidWorkflowException(at, "must be {} (a required input) or {default: VALUE}, with an optional description");
            }
            onlyFields(input, INPUT_FIELDS, at + ".");
            JsonNode description = input.get("description");
            if (description != null && !description.isTextual()) {
                throw new InvalidWorkflowException(at + ".description", "must be text");
            }
            inputs.put(e.getKey(), new WorkflowInput(e.getKey(), Optional.ofNullable(input.get("default")),
                    Optional.ofNullable(description).map(JsonNode::asText)));
        }
        return Optional.of(inputs);
    }

    private static WorkflowStep step(String namespace, JsonNode node, String at) {
        if (!node.isObject()) {
            throw new InvalidWorkflowException(at, "must be an object with a name and a type");
        }
        onlyFields(node, STEP_FIELDS, at + ".");
        String name = node.path("name").asText("");
        if (!name.matches("[a-z0-9]([a-z0-9_-]{0,61}[a-z0-9])?")) {
            throw new InvalidWorkflowException(at + ".name", "must be 1-63 lower-case letters, digits, '-' or '_', was \"" + name + "\"");
        }
        String type = node.path("type").asText(name);
        JsonNode payload = node.has("payload") ? node.get("payload") : JSON.createObjectNode();
        String queue = node.path("queue").asText(NewJob.DEFAULT_QUEUE);
        int priority = wholeNumber(node, "priority", 0, at);
        RetryPolicy retry = retry(node.get("retry"), at + ".retry");
        Optional<Duration> timeout = Optional.empty();
        if (node.hasNonNull("timeout")) {
            try {
                timeout = Optional.of(Durations.parse(node.get("timeout").asText()));
            } catch (IllegalArgumentException e) {
                throw new InvalidWorkflowException(at + ".timeout", e.getMessage());
            }
        }
        try {
            NewJob.builder(type).namespace(namespace).queue(queue).priority(priority).retry(retry)
                    .timeout(timeout.orElse(null)).build();
        } catch (InvalidJobException e) {
            throw new InvalidWorkflowException(at + "." + e.field(), e.getMessage().replaceFirst("^[^:]*: ", ""));
        }
        Optional<JsonNode> executor = Optional.ofNullable(node.get("executor")).filter(e -> !e.isNull());
        executor.ifPresent(e -> checkExecutor(e, at));
        List<String> needs = new ArrayList<>();
        JsonNode needsNode = node.path("needs");
        if (!needsNode.isMissingNode() && !needsNode.isArray()) {
            throw new InvalidWorkflowException(at + ".needs", "must be a list of step names");
        }
        needsNode.forEach(n -> needs.add(n.asText()));
        TriggerRule trigger = TriggerRule.ALL_SUCCEEDED;
        if (node.hasNonNull("trigger")) {
            trigger = TriggerRule.fromWireName(node.get("trigger").asText()).orElseThrow(() -> new InvalidWorkflowException(
                    at + ".trigger", "must be allSucceeded, allDone, anySucceeded or noneFailed"));
        }
        Optional<String> when = Optional.ofNullable(node.get("when")).filter(w -> !w.isNull()).map(JsonNode::asText);
        when.ifPresent(w -> WhenExpression.parse(w, at + ".when"));
        Optional<ForEach> forEach = Optional.ofNullable(node.get("forEach")).filter(f -> !f.isNull()).map(f -> forEach(f, at + ".forEach"));
        forEach.flatMap(ForEach::sameAs).filter(s -> !needs.contains(s)).ifPresent(needs::add);
        Optional<String> output = Optional.ofNullable(node.get("output")).filter(o -> !o.isNull()).map(JsonNode::asText);
        if (output.isPresent() && !Set.of("body", "stdout").contains(output.get())) {
            throw new InvalidWorkflowException(at + ".output", "must be body (an HTTP executor's response) or stdout (a command's)");
        }
        return new WorkflowStep(name, type, payload, queue, priority, retry, timeout, executor, needs, trigger, when, forEach, output);
    }

    /**
     * Rules a step meets when its workflow is saved, beyond those of reading it. They came after definitions were stored:
     * a stored one (a workflow's, or a run's) that breaks them still reads, and its runs stay readable.
     *
     * @param at the step's field, such as {@code steps[2]}
     */
    public static void checkForSave(WorkflowStep step, String at) {
        step.output().ifPresent(o -> checkOutput(o, step.executor().map(e -> e.path("kind").asText("")), at + ".output"));
        if (step.forEach().flatMap(ForEach::key).filter(String::isBlank).isPresent()) {
            throw new InvalidWorkflowException(at + ".forEach.key", "must name each item, such as {{item.id}}, or be left out"
                    + " (the item's index)");
        }
    }

    /** {@code output} names what only one executor gives: a step whose executor cannot give it would never have an output. */
    private static void checkOutput(String output, Optional<String> executorKind, String at) {
        String needed = "body".equals(output) ? "http" : "command";
        String needs = output + " needs " + ("body".equals(output) ? "an " : "a ") + needed + " executor; ";
        if (executorKind.isEmpty()) {
            throw new InvalidWorkflowException(at, needs + "a step that a handler or worker runs has no such field: its result is its"
                    + " output");
        }
        if (!executorKind.get().equals(needed)) {
            throw new InvalidWorkflowException(at, needs + "this step's executor is " + executorKind.get());
        }
    }

    private static void checkExecutor(JsonNode executor, String at) {
        try {
            ExecutorJson.read(executor);
        } catch (InvalidJobException e) {
            if (StepTemplates.references(executor).isEmpty()) {
                throw new InvalidWorkflowException(at + "." + e.field(), e.getMessage().replaceFirst("^[^:]*: ", ""));
            }
            // filled in from inputs or outputs: checked when the step instance is made
        }
    }

    private static RetryPolicy retry(JsonNode node, String at) {
        if (node == null || node.isNull()) {
            return RetryPolicy.DEFAULT;
        }
        if (!node.isObject()) {
            throw new InvalidWorkflowException(at, "must be an object such as {maxAttempts: 3, initialBackoff: 10s}");
        }
        onlyFields(node, Set.of("maxAttempts", "initialBackoff", "maxBackoff", "multiplier", "jitter"), at + ".");
        RetryPolicy d = RetryPolicy.DEFAULT;
        int maxAttempts = wholeNumber(node, "maxAttempts", d.maxAttempts(), at);
        double multiplier = number(node, "multiplier", d.multiplier(), at);
        double jitter = number(node, "jitter", d.jitter(), at);
        try {
            return new RetryPolicy(maxAttempts,
                    node.has("initialBackoff") ? Durations.parse(node.get("initialBackoff").asText()) : d.initialBackoff(),
                    node.has("maxBackoff") ? Durations.parse(node.get("maxBackoff").asText()) : d.maxBackoff(), multiplier, jitter);
        } catch (InvalidJobException e) {
            throw new InvalidWorkflowException(at + e.field().replaceFirst("^retry", ""), e.getMessage().replaceFirst("^[^:]*: ", ""));
        } catch (IllegalArgumentException e) {
            throw new InvalidWorkflowException(at, e.getMessage());
        }
    }

    private static ForEach forEach(JsonNode node, String at) {
        if (!node.isObject()) {
            throw new InvalidWorkflowException(at, "must be an object with items or sameAs");
        }
        onlyFields(node, Set.of("items", "key", "maxParallel", "sameAs"), at + ".");
        Optional<String> items = Optional.ofNullable(node.get("items")).map(JsonNode::asText);
        Optional<String> sameAs = Optional.ofNullable(node.get("sameAs")).map(JsonNode::asText);
        if (items.isPresent() == sameAs.isPresent()) {
            throw new InvalidWorkflowException(at, "give either items or sameAs");
        }
        if (items.isPresent() && !StepTemplates.REFERENCE.matcher(items.get()).matches()) {
            throw new InvalidWorkflowException(at + ".items", "must be one reference such as {{steps.discovery.output.hosts}}");
        }
        Optional<String> key = Optional.ofNullable(node.get("key")).map(JsonNode::asText);
        if (key.isPresent() && sameAs.isPresent()) {
            throw new InvalidWorkflowException(at + ".key", "a sameAs step keeps the keys of the step it follows");
        }
        int maxParallel = wholeNumber(node, "maxParallel", ForEach.DEFAULT_MAX_PARALLEL, at);
        if (maxParallel < 1) {
            throw new InvalidWorkflowException(at + ".maxParallel", "must be at least 1, was " + maxParallel);
        }
        return new ForEach(items, key, sameAs, maxParallel);
    }

    /**
     * {@code node}'s {@code field} as a whole number (written as one, or as text of one), {@code otherwise} when it is
     * absent; anything else is refused, naming the field, rather than read as the default.
     */
    private static int wholeNumber(JsonNode node, String field, int otherwise, String at) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        boolean whole = value.isIntegralNumber() ? value.canConvertToInt()
                : value.isTextual() && value.textValue().trim().matches("-?\\d{1,9}");
        if (!whole) {
            throw new InvalidWorkflowException(at + "." + field, "must be a whole number, was " + value);
        }
        return value.isIntegralNumber() ? value.intValue() : Integer.parseInt(value.textValue().trim());
    }

    /** {@code node}'s {@code field} as a number, {@code otherwise} when it is absent; anything else is refused. */
    private static double number(JsonNode node, String field, double otherwise, String at) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return otherwise;
        }
        if (value.isNumber()) {
            return value.doubleValue();
        }
        try {
            return Double.parseDouble(value.asText().trim());
        } catch (NumberFormatException e) {
            throw new InvalidWorkflowException(at + "." + field, "must be a number, was " + value);
        }
    }

    private static void onlyFields(JsonNode node, Set<String> allowed, String prefix) {
        Iterator<String> names = node.fieldNames();
        while (names.hasNext()) {
            String n = names.next();
            if (!allowed.contains(n)) {
                throw new InvalidWorkflowException(prefix + n, "unknown field (known: " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }

    /** The spec as JSON, as {@link #read} reads it. */
    public static ObjectNode write(Workflow workflow) {
        ObjectNode spec = JSON.createObjectNode();
        ArrayNode steps = spec.putArray("steps");
        workflow.steps().forEach(s -> steps.add(step(s)));
        spec.put("failFast", workflow.failFast());
        workflow.onExit().ifPresent(s -> spec.set("onExit", step(s)));
        workflow.inputs().ifPresent(declared -> {
            ObjectNode inputs = spec.putObject("inputs");
            declared.values().forEach(in -> {
                ObjectNode one = inputs.putObject(in.name());
                in.defaultValue().ifPresent(v -> one.set("default", v));
                in.description().ifPresent(d -> one.put("description", d));
            });
        });
        return spec;
    }

    public static String text(Workflow workflow) {
        return write(workflow).toString();
    }

    private static ObjectNode step(WorkflowStep s) {
        ObjectNode n = JSON.createObjectNode();
        n.put("name", s.name());
        n.put("type", s.type());
        n.set("payload", s.payload());
        n.put("queue", s.queue());
        n.put("priority", s.priority());
        ObjectNode retry = n.putObject("retry");
        retry.put("maxAttempts", s.retry().maxAttempts());
        retry.put("initialBackoff", Durations.format(s.retry().initialBackoff()));
        retry.put("maxBackoff", Durations.format(s.retry().maxBackoff()));
        retry.put("multiplier", s.retry().multiplier());
        retry.put("jitter", s.retry().jitter());
        s.timeout().ifPresent(t -> n.put("timeout", Durations.format(t)));
        s.executor().ifPresent(e -> n.set("executor", e));
        if (!s.needs().isEmpty()) {
            ArrayNode needs = n.putArray("needs");
            s.needs().forEach(needs::add);
        }
        n.put("trigger", s.trigger().wireName());
        s.when().ifPresent(w -> n.put("when", w));
        s.forEach().ifPresent(f -> {
            ObjectNode fe = n.putObject("forEach");
            f.items().ifPresent(i -> fe.put("items", i));
            f.key().ifPresent(k -> fe.put("key", k));
            f.sameAs().ifPresent(k -> fe.put("sameAs", k));
            fe.put("maxParallel", f.maxParallel());
        });
        s.output().ifPresent(o -> n.put("output", o));
        return n;
    }

    /** Parses JSON text (inputs, outputs) into a tree. */
    static JsonNode tree(String json) {
        try {
            return json == null ? JSON.nullNode() : JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidWorkflowException("json", "is not JSON: " + e.getOriginalMessage());
        }
    }
}
