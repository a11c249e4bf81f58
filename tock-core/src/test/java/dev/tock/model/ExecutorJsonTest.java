package dev.tock.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ExecutorJsonTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Optional<Executor> read(String json) throws Exception {
        return ExecutorJson.read(JSON.readTree(json));
    }

    private static String fieldOf(String json) {
        try {
            read(json);
        } catch (InvalidJobException e) {
            return e.field();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("accepted: " + json);
    }

    @Test
    void anHttpSpecRoundTripsAndShowsSecretsRedacted() throws Exception {
        Executor e = read("""
                {"kind": "http", "method": "put", "url": "https://hooks.example.com/a?x=1",
                 "headers": {"Authorization": "Bearer abc123456", "X-Team": "ops", "X-Sig": "zzz"}, "secretHeaders": ["X-Sig"],
                 "body": "{\\"id\\": \\"{{job.id}}\\"}", "timeout": "10s", "successStatus": ["2xx", 304]}""").orElseThrow();
        HttpExecutor h = (HttpExecutor) e;
        assertThat(h.method()).isEqualTo("PUT");
        assertThat(h.timeout()).contains(Duration.ofSeconds(10));
        assertThat(h.successStatus()).contains(200, 299, 304).doesNotContain(300, 404);
        assertThat(ExecutorJson.parse(ExecutorJson.text(e))).contains(e);
        JsonNode shown = ExecutorJson.write(e, true);
        assertThat(shown.get("headers").get("Authorization").asText()).isEqualTo("***");
        assertThat(shown.get("headers").get("X-Sig").asText()).isEqualTo("***");
        assertThat(shown.get("headers").get("X-Team").asText()).isEqualTo("ops");
        assertThat(shown.get("successStatus").toString()).isEqualTo("[\"2xx\",304]");
    }

    @Test
    void aCommandSpecRoundTrips() throws Exception {
        Executor argv = read("{\"kind\": \"command\", \"command\": [\"/usr/bin/backup\", \"--full\"], \"env\": {\"DB_PASSWORD\": \"pw\","
                + " \"MODE\": \"x\"}, \"workingDir\": \"/srv\", \"timeout\": \"5m\", \"killGrace\": \"1s\"}").orElseThrow();
        assertThat(ExecutorJson.parse(ExecutorJson.text(argv))).contains(argv);
        assertThat(((CommandExecutor) argv).commandLine()).containsExactly("/usr/bin/backup", "--full");
        assertThat(ExecutorJson.write(argv, true).get("env").get("DB_PASSWORD").asText()).isEqualTo("***");
        Executor shell = read("{\"kind\": \"command\", \"shell\": \"echo hi | wc -c\"}").orElseThrow();
        assertThat(((CommandExecutor) shell).commandLine()).containsExactly("/bin/sh", "-c", "echo hi | wc -c");
        assertThat(ExecutorJson.parse(ExecutorJson.text(shell))).contains(shell);
    }

    @Test
    void valuesFromSecretsRoundTripAndAreShownAsReferences() throws Exception {
        Executor hook = read("""
                {"kind": "http", "url": "https://hooks.example.com/a",
                 "headers": {"X-Team": "ops", "Authorization": {"valueFrom": {"secretKeyRef": {"name": "api", "key": "token"}}}}}""")
                .orElseThrow();
        HttpExecutor h = (HttpExecutor) hook;
        assertThat(h.headers()).containsExactly(Map.entry("X-Team", "ops"));
        assertThat(h.headersFromSecrets()).containsExactly(Map.entry("Authorization", new SecretKeyRef("api", "token")));
        assertThat(h.isSecret("authorization")).isTrue();
        assertThat(h.secretRefs()).containsExactly(Map.entry("executor.headers.Authorization", new SecretKeyRef("api", "token")));
        assertThat(ExecutorJson.parse(ExecutorJson.text(hook))).contains(hook);
        assertThat(ExecutorJson.write(hook, true).get("headers").get("Authorization").toString())
                .isEqualTo("{\"valueFrom\":{\"secretKeyRef\":{\"name\":\"api\",\"key\":\"token\"}}}");

        Executor command = read("{\"kind\": \"command\", \"command\": [\"/bin/true\"], \"env\": {\"MODE\": \"x\", \"DB_PASSWORD\":"
                + " {\"valueFrom\": {\"secretKeyRef\": {\"name\": \"db\", \"key\": \"password\"}}}}}").orElseThrow();
        CommandExecutor c = (CommandExecutor) command;
        assertThat(c.env()).containsOnlyKeys("MODE");
        assertThat(c.envFromSecrets()).containsEntry("DB_PASSWORD", new SecretKeyRef("db", "password"));
        assertThat(c.secretRefs()).containsOnlyKeys("executor.env.DB_PASSWORD");
        assertThat(ExecutorJson.parse(ExecutorJson.text(command))).contains(command);
        assertThat(ExecutorJson.write(command, true).get("env").get("DB_PASSWORD").path("valueFrom").path("secretKeyRef")
                .path("name").asText()).isEqualTo("db");
    }

    @Test
    void badReferencesNameTheirField() {
        String env = "{\"kind\": \"command\", \"command\": [\"/bin/true\"], \"env\": {\"PW\": %s}}";
        assertThat(fieldOf(env.formatted("{\"secretKeyRef\": {\"name\": \"db\", \"key\": \"k\"}}"))).isEqualTo("executor.env.PW");
        assertThat(fieldOf(env.formatted("{\"valueFrom\": {\"secretKeyRef\": {\"key\": \"k\"}}}")))
                .isEqualTo("executor.env.PW.valueFrom.secretKeyRef.name");
        assertThat(fieldOf(env.formatted("{\"valueFrom\": {\"secretKeyRef\": {\"name\": \"Bad_Name\", \"key\": \"k\"}}}")))
                .isEqualTo("executor.env.PW.valueFrom.secretKeyRef.name");
        assertThat(fieldOf(env.formatted("{\"valueFrom\": {\"secretKeyRef\": {\"name\": \"db\", \"key\": \"a b\"}}}")))
                .isEqualTo("executor.env.PW.valueFrom.secretKeyRef.key");
        assertThat(fieldOf(env.formatted("{\"valueFrom\": {\"secretKeyRef\": {\"name\": \"db\", \"key\": \"k\", \"x\": 1}}}")))
                .isEqualTo("executor.env.PW.valueFrom.secretKeyRef.x");
        assertThat(fieldOf(env.formatted("7"))).isEqualTo("executor.env.PW");
        assertThat(fieldOf("{\"kind\": \"command\", \"command\": [\"/bin/true\"], \"env\": {\"TOCK_X\": "
                + "{\"valueFrom\": {\"secretKeyRef\": {\"name\": \"db\", \"key\": \"k\"}}}}}")).isEqualTo("executor.env");
        assertThat(fieldOf("{\"kind\": \"http\", \"url\": \"https://a.example\", \"headers\": {\"Host\": "
                + "{\"valueFrom\": {\"secretKeyRef\": {\"name\": \"db\", \"key\": \"k\"}}}}}")).isEqualTo("executor.headers");
    }

    @Test
    void handlerMeansNoExecutor() throws Exception {
        assertThat(read("{\"kind\": \"handler\"}")).isEmpty();
        assertThat(read("null")).isEmpty();
        assertThat(ExecutorJson.parse(null)).isEmpty();
    }

    @Test
    void badSpecsNameTheirField() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("[]", "executor");
        cases.put("{}", "executor.kind");
        cases.put("{\"kind\": \"ftp\"}", "executor.kind");
        cases.put("{\"kind\": 3}", "executor.kind");
        cases.put("{\"kind\": \"http\"}", "executor.url");
        cases.put("{\"kind\": \"http\", \"url\": \"ftp://x/y\"}", "executor.url");
        cases.put("{\"kind\": \"http\", \"url\": \"not a url\"}", "executor.url");
        cases.put("{\"kind\": \"http\", \"url\": \"https://user:pw@x.com/\"}", "executor.url");
        cases.put("{\"kind\": \"http\", \"url\": \"/relative\"}", "executor.url");
        cases.put("{\"kind\": \"http\", \"url\": \"https://x.com\", \"method\": \"BREW\"}", "executor.method");
        cases.put("{\"kind\": \"http\", \"url\": \"https://x.com\", \"headers\": {\"Host\": \"y\"}}", "executor.headers");
        cases.put("{\"kind\": \"http\", \"url\": \"https://x.com\", \"headers\": {\"Bad Name\": \"y\"}}", "executor.headers");
        cases.put("{\"kind\": \"http\", \"url\": \"https://x.com\", \"headers\": {\"X-A\": \"a\\nb\"}}", "executor.headers");
        cases.put("{\"kind\": \"http\", \"url\": \"https://x.com\", \"headers\": {\"X-A\": 5}}", "executor.headers.X-A");
        cases.put("{\"kind\": \"http\", \"url\": \"https://x.com\", \"headers\": {\"x-a\": \"1\", \"X-A\": \"2\"}}", "executor.headers");
        cases.put("{\"kind\": \"http\", \"url\": \"https://x.com\", \"timeout\": \"2h\"}", "executor.timeout");
        cases.put("{\"kind\": \"http\", \"url\": \"https://x.com\", \"timeout\": \"soon\"}", "executor.timeout");
        cases.put("{\"kind\": \"http\", \"url\": \"https://x.com\", \"successStatus\": [99]}", "executor.successStatus");
        cases.put("{\"kind\": \"http\", \"url\": \"https://x.com\", \"successStatus\": [\"2XX\"]}", "executor.successStatus");
        cases.put("{\"kind\": \"http\", \"url\": \"https://x.com\", \"successStatus\": []}", "executor.successStatus");
        cases.put("{\"kind\": \"http\", \"url\": \"https://x.com\", \"body\": \"{{secrets}}\"}", "executor.body");
        cases.put("{\"kind\": \"http\", \"url\": \"https://x.com\", \"body\": \"{{payload\"}", "executor.body");
        cases.put("{\"kind\": \"http\", \"url\": \"https://x.com\", \"command\": [\"x\"]}", "executor.command");
        cases.put("{\"kind\": \"command\"}", "executor.command");
        cases.put("{\"kind\": \"command\", \"command\": []}", "executor.command");
        cases.put("{\"kind\": \"command\", \"command\": [\"\"]}", "executor.command");
        cases.put("{\"kind\": \"command\", \"command\": \"ls -l\"}", "executor.command");
        cases.put("{\"kind\": \"command\", \"command\": [\"ls\"], \"shell\": \"ls\"}", "executor.command");
        cases.put("{\"kind\": \"command\", \"shell\": \" \"}", "executor.shell");
        cases.put("{\"kind\": \"command\", \"command\": [\"ls\"], \"env\": {\"1X\": \"y\"}}", "executor.env");
        cases.put("{\"kind\": \"command\", \"command\": [\"ls\"], \"env\": {\"TOCK_JOB_ID\": \"y\"}}", "executor.env");
        cases.put("{\"kind\": \"command\", \"command\": [\"ls\"], \"workingDir\": \"relative/dir\"}", "executor.workingDir");
        cases.put("{\"kind\": \"command\", \"command\": [\"ls\"], \"timeout\": \"0s\"}", "executor.timeout");
        cases.put("{\"kind\": \"command\", \"command\": [\"ls\"], \"killGrace\": \"10m\"}", "executor.killGrace");
        cases.put("{\"kind\": \"command\", \"command\": [\"ls\"], \"url\": \"https://x.com\"}", "executor.url");
        cases.put("{\"kind\": \"handler\", \"url\": \"https://x.com\"}", "executor.url");
        cases.forEach((json, field) -> assertThat(fieldOf(json)).as(json).isEqualTo(field));
    }

    @Test
    void aBadExecutorFailsTheTemplateAndTheJob() {
        assertThatThrownBy(() -> NewJob.builder("t").executor(CommandExecutor.of("ls").withWorkingDir("x")).build())
                .isInstanceOf(InvalidJobException.class).extracting("field").isEqualTo("executor.workingDir");
    }

    private static final String POD = "{\"template\": {\"spec\": {\"containers\": [{\"name\": \"main\", \"image\": \"busybox\"}]}}%s}";

    private static String kubernetes(String templateExtra, String executorExtra) {
        return "{\"kind\": \"kubernetes\", \"namespace\": \"batch\", \"jobTemplate\": " + POD.formatted(templateExtra) + executorExtra + "}";
    }

    @Test
    void aKubernetesExecutorReadsBackAsWrittenWithItsEnvRedacted() throws Exception {
        KubernetesExecutor k = (KubernetesExecutor) read(kubernetes(", \"activeDeadlineSeconds\": 300",
                ", \"env\": {\"MODE\": \"full\", \"API_TOKEN\": \"t0k\", \"DB\": {\"valueFrom\": {\"secretKeyRef\": {\"name\": \"db\", \"key\": \"pw\"}}}}"))
                .orElseThrow();
        assertThat(k.namespace()).isEqualTo("batch");
        assertThat(k.images()).containsExactly("busybox");
        assertThat(k.secretRefs()).containsEntry("executor.env.DB", new SecretKeyRef("db", "pw"));
        assertThat(ExecutorJson.read(ExecutorJson.write(k, false))).contains(k);
        JsonNode shown = ExecutorJson.write(k, true);
        assertThat(shown.path("env").path("API_TOKEN").asText()).isEqualTo(Redaction.REDACTED);
        assertThat(shown.path("jobTemplate").path("activeDeadlineSeconds").asInt()).isEqualTo(300);
    }

    @Test
    void aKubernetesExecutorNamesTheFieldItRefuses() {
        assertThat(fieldOf("{\"kind\": \"kubernetes\", \"jobTemplate\": " + POD.formatted("") + "}")).isEqualTo("executor.namespace");
        assertThat(fieldOf("{\"kind\": \"kubernetes\", \"namespace\": \"Batch!\", \"jobTemplate\": " + POD.formatted("") + "}"))
                .isEqualTo("executor.namespace");
        assertThat(fieldOf("{\"kind\": \"kubernetes\", \"namespace\": \"batch\"}")).isEqualTo("executor.jobTemplate");
        assertThat(fieldOf("{\"kind\": \"kubernetes\", \"namespace\": \"batch\", \"jobTemplate\": {\"template\": {\"spec\": {\"containers\": []}}}}"))
                .isEqualTo("executor.jobTemplate.template.spec.containers");
        assertThat(fieldOf("{\"kind\": \"kubernetes\", \"namespace\": \"batch\", \"jobTemplate\": {\"template\": {\"spec\": {\"containers\": [{\"name\": \"m\"}]}}}}"))
                .isEqualTo("executor.jobTemplate.template.spec.containers[0].image");
        assertThat(fieldOf(kubernetes(", \"backoffLimit\": 4", ""))).isEqualTo("executor.jobTemplate.backoffLimit");
        assertThat(fieldOf(kubernetes(", \"parallelism\": 3", ""))).isEqualTo("executor.jobTemplate.parallelism");
        assertThat(fieldOf(kubernetes("", ", \"image\": \"x\""))).isEqualTo("executor.image");
        assertThat(fieldOf(kubernetes("", ", \"env\": {\"TOCK_JOB_ID\": \"x\"}"))).isEqualTo("executor.env");
        assertThat(fieldOf("{\"kind\": \"kubernetes\", \"namespace\": \"batch\", \"jobTemplate\": {\"template\": {\"spec\": {\"restartPolicy\": \"OnFailure\","
                + " \"containers\": [{\"name\": \"m\", \"image\": \"i\"}]}}}}")).isEqualTo("executor.jobTemplate.template.spec.restartPolicy");
    }
}
