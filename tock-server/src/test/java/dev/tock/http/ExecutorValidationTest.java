package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Bad executor specs are refused when the job or schedule is created, naming the field; nothing is stored. */
class ExecutorValidationTest extends ApiTest {

    private void refused(String executor, String field) {
        http.post(NS + "/jobs", "{\"type\": \"t\", \"executor\": " + executor + "}").expectProblem(400, field);
        http.post(NS + "/jobs/batch", "{\"jobs\": [{\"type\": \"t\"}, {\"type\": \"t\", \"executor\": " + executor + "}]}")
                .expectProblem(400, "jobs[1]." + field);
        http.put(NS + "/schedules/s", "{\"schedule\": \"@hourly\", \"jobTemplate\": {\"type\": \"t\", \"executor\": " + executor + "}}")
                .expectProblem(400, "jobTemplate." + field);
    }

    @Test
    void badSpecsAreRefusedAtCreationNamingTheField() {
        refused("\"http\"", "executor");
        refused("{\"url\": \"https://x.example\"}", "executor.kind");
        refused("{\"kind\": \"smtp\"}", "executor.kind");
        refused("{\"kind\": \"http\"}", "executor.url");
        refused("{\"kind\": \"http\", \"url\": \"file:///etc/passwd\"}", "executor.url");
        refused("{\"kind\": \"http\", \"url\": \"https://x.example\", \"method\": \"TRACE\"}", "executor.method");
        refused("{\"kind\": \"http\", \"url\": \"https://x.example\", \"headers\": {\"Content-Length\": \"1\"}}", "executor.headers");
        refused("{\"kind\": \"http\", \"url\": \"https://x.example\", \"timeout\": \"forever\"}", "executor.timeout");
        refused("{\"kind\": \"http\", \"url\": \"https://x.example\", \"body\": \"{{env.HOME}}\"}", "executor.body");
        refused("{\"kind\": \"http\", \"url\": \"https://x.example\", \"retries\": 3}", "executor.retries");
        refused("{\"kind\": \"http\", \"url\": \"http://127.0.0.1:8080/admin\"}", "executor.url");
        refused("{\"kind\": \"http\", \"url\": \"http://169.254.169.254/latest/meta-data\"}", "executor.url");
        refused("{\"kind\": \"command\", \"command\": [\"/bin/true\"]}", "executor.kind");
        String pod = "{\"template\": {\"spec\": {\"containers\": [{\"name\": \"main\", \"image\": \"busybox\"}]}}}";
        refused("{\"kind\": \"kubernetes\", \"namespace\": \"batch\", \"jobTemplate\": " + pod + "}", "executor.kind");
        refused("{\"kind\": \"kubernetes\", \"jobTemplate\": " + pod + "}", "executor.namespace");
        refused("{\"kind\": \"kubernetes\", \"namespace\": \"batch\", \"jobTemplate\": {\"template\": {\"spec\":"
                + " {\"containers\": [{\"name\": \"main\"}]}}}}", "executor.jobTemplate.template.spec.containers[0].image");
        refused("{\"kind\": \"kubernetes\", \"namespace\": \"batch\", \"jobTemplate\": " + pod.replace("}}}", "}}, \"backoffLimit\": 6}")
                + "}", "executor.jobTemplate.backoffLimit");
        assertThat(fixture.tock.jobs().countByState("default").values().stream().mapToLong(Long::longValue).sum()).isZero();
        assertThat(fixture.tock.schedules().list("default")).isEmpty();
    }

    @Test
    void localhostIsRefusedAtCreationLikeLoopbackWithTheSettingThatAllowsIt() {
        refused("{\"kind\": \"http\", \"url\": \"http://localhost:8080/admin\"}", "executor.url");
        var problem = http.post(NS + "/jobs", "{\"type\": \"t\", \"executor\": {\"kind\": \"http\", \"url\": \"http://10.0.0.5/x\"}}")
                .expectProblem(400, "executor.url");
        assertThat(problem.text("detail")).contains("10.0.0.5 refused: a private address")
                .contains("--set http-egress-allow=public,10.0.0.5 (or TOCK_HTTP_EGRESS_ALLOW=public,10.0.0.5)");
        assertThat(fixture.tock.schedules().list("default")).isEmpty();
    }

    @Test
    void theCommandExecutorIsRefusedUnlessEnabledAndSaysWhy() {
        var problem = http.post(NS + "/jobs", "{\"type\": \"t\", \"executor\": {\"kind\": \"command\", \"shell\": \"rm -rf /\"}}")
                .expectProblem(400, "executor.kind");
        assertThat(problem.text("detail")).contains("command-executor-enabled=false");
    }

    @Test
    void aGoodSpecIsStoredAndShownWithDefaultsAndWithoutSecrets() {
        var created = http.post(NS + "/jobs", "{\"type\": \"notify\", \"delay\": \"1h\", \"executor\": {\"kind\": \"http\","
                + " \"url\": \"https://hooks.example.com/x\", \"headers\": {\"Authorization\": \"Bearer abcdefgh\"}}}").expect(201);
        var executor = created.json().get("executor");
        assertThat(executor.get("kind").asText()).isEqualTo("http");
        assertThat(executor.get("method").asText()).isEqualTo("POST");
        assertThat(executor.get("successStatus").toString()).isEqualTo("[\"2xx\"]");
        assertThat(executor.get("headers").get("Authorization").asText()).isEqualTo("***");
        assertThat(http.post(NS + "/jobs", "{\"type\": \"t\", \"executor\": {\"kind\": \"handler\"}}").expect(201).json().has("executor"))
                .isFalse();
    }

    @Test
    void aNodeThatEnablesTheKubernetesExecutorWithoutItsModuleFailsToStartNamingIt() {
        // tock-server's tests run without tock-kubernetes on the class path, as an embedding application might.
        var config = ServerFixture.config().set("kubernetes-executor-enabled", "true").set("kubernetes-executor-namespaces", "batch").build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.tock.engine.Tock.builder().config(config).store(fixture.store).build())
                .isInstanceOf(dev.tock.config.ConfigException.class).hasMessageContaining("tock-kubernetes module is not on this node's class path");
    }
}
