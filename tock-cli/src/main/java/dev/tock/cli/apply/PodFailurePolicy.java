package dev.tock.cli.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A Job's {@code podFailurePolicy} as Tock can honour it: {@code FailJob} rules on exit codes ({@code operator: In})
 * become the exit codes after which the job is not retried. Disruptions need no rule (the Kubernetes executor never
 * counts them against the attempts); every other rule is a warning.
 */
final class PodFailurePolicy {
    private PodFailurePolicy() {
    }

    static List<Integer> nonRetryableExitCodes(JsonNode policy, String at, List<FieldProblem> warnings) {
        List<Integer> codes = new ArrayList<>();
        JsonNode rules = policy.path("rules");
        for (int i = 0; i < rules.size(); i++) {
            JsonNode rule = rules.get(i);
            String ruleAt = at + ".rules[" + i + "]";
            JsonNode exitCodes = rule.path("onExitCodes");
            if (rule.path("action").asText().equals("FailJob") && exitCodes.path("operator").asText().equals("In")) {
                exitCodes.path("values").forEach(v -> codes.add(v.asInt()));
                if (exitCodes.has("containerName")) {
                    warnings.add(new FieldProblem(ruleAt + ".onExitCodes.containerName", "not honoured: the codes count for any container"));
                }
            } else if (isDisruptionIgnored(rule)) {
                continue;
            } else {
                warnings.add(new FieldProblem(ruleAt, "not honoured: only FailJob rules on exit codes (operator In) carry over, as "
                        + "non-retryable exit codes; Tock retries every other failure by the retry policy"));
            }
        }
        return codes;
    }

    /** The rule Kubernetes' docs recommend, {@code Ignore} on {@code DisruptionTarget}: Tock does so by itself. */
    private static boolean isDisruptionIgnored(JsonNode rule) {
        if (!rule.path("action").asText().equals("Ignore")) {
            return false;
        }
        for (JsonNode condition : rule.path("onPodConditions")) {
            if (condition.path("type").asText().equals("DisruptionTarget")) {
                return true;
            }
        }
        return false;
    }
}
