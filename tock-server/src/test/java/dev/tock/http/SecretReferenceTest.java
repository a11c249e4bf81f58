package dev.tock.http;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Executors reference Secrets with {@code valueFrom.secretKeyRef}: checked at creation, read when the
 * attempt runs (a real webhook receiver on 127.0.0.1, a real process), never recorded.
 */
class SecretReferenceTest extends ApiTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String TOKEN = "Bearer tok-8f2c1e9a7d";
    private static final String PASSWORD = "pw-41c7e0b95d";
    private static final String ONE_ATTEMPT = "{\"maxAttempts\": 1}";
    private TestEndpoint endpoint;

    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.h2(ServerFixture.config().set("secret-key", SecretRoutesTest.KEY).set("http-egress-allow", "127.0.0.1/32")
                .set("command-executor-enabled", "true"), b -> { }, b -> { });
    }

    @BeforeEach
    void start() throws Exception {
        endpoint = new TestEndpoint();
        // Answers with what it received, so that the output would show the header if nothing kept it out.
        endpoint.on("/hook", (exchange, request) -> TestEndpoint.reply(exchange, 200, "got " + request.header("Authorization"), Map.of()));
        fixture.tock.start();
        http.put(NS + "/secrets/api", "{\"stringData\": {\"authorization\": \"" + TOKEN + "\"}}").expect(201);
        http.put(NS + "/secrets/db", "{\"stringData\": {\"password\": \"" + PASSWORD + "\"}}").expect(201);
    }

    @AfterEach
    void stopEndpoint() {
        endpoint.close();
    }

    static String ref(String name, String key) {
        return "{\"valueFrom\": {\"secretKeyRef\": {\"name\": \"" + name + "\", \"key\": \"" + key + "\"}}}";
    }

    private String hook(String secret, String key) {
        return "{\"kind\": \"http\", \"url\": \"" + endpoint.url("/hook") + "\", \"headers\": {\"Authorization\": " + ref(secret, key) + "}}";
    }

    private static String command(String script, String secret, String key) {
        return "{\"kind\": \"command\", \"shell\": " + Http.json(script) + ", \"env\": {\"DB_PASSWORD\": " + ref(secret, key) + "}}";
    }

    private Http.Reply post(String executor) {
        return http.post(NS + "/jobs", "{\"type\": \"t\", \"retry\": " + ONE_ATTEMPT + ", \"executor\": " + executor + "}");
    }

    private Job finished(JobId id) {
        await(WAIT, "job " + id + " to finish", () -> fixture.tock.jobs().get(id).state().isFinal());
        return fixture.tock.jobs().get(id);
    }

    private JsonNode attempt(JobId id) {
        return http.get(NS + "/jobs/" + id + "/attempts").expect(200).json().get("attempts").get(0);
    }

    @Test
    void aWebhookReceivesTheHeaderFromItsSecretAndTheAttemptShowsNone() {
        JobId id = JobId.parse(post(hook("api", "authorization")).expect(201).text("id"));

        assertThat(finished(id).state()).isEqualTo(JobState.SUCCEEDED);
        assertThat(endpoint.to("/hook").get(0).header("Authorization")).isEqualTo(TOKEN);
        String output = attempt(id).get("output").asText();
        assertThat(output).contains("got ***").doesNotContain(TOKEN).doesNotContain("tok-8f2c1e9a7d");
        JsonNode shown = http.get(NS + "/jobs/" + id).expect(200).json().get("executor").get("headers").get("Authorization");
        assertThat(shown.path("valueFrom").path("secretKeyRef").path("name").asText()).isEqualTo("api");
    }

    @Test
    void aCommandReceivesTheVariableFromItsSecretAndItsOutputShowsNone() {
        String script = "test \"$DB_PASSWORD\" = '" + PASSWORD + "' || exit 7; echo \"pw=$DB_PASSWORD\"; echo \"err=$DB_PASSWORD\" >&2; exit 3";
        JobId id = JobId.parse(post(command(script, "db", "password")).expect(201).text("id"));

        Job job = finished(id);
        JsonNode attempt = attempt(id);
        assertThat(attempt.get("error").asText()).startsWith("exit code 3").contains("err=***").doesNotContain(PASSWORD);
        assertThat(attempt.get("output").asText()).contains("pw=***").doesNotContain(PASSWORD);
        assertThat(job.lastError()).hasValueSatisfying(e -> assertThat(e).doesNotContain(PASSWORD));
    }

    @Test
    void aMissingSecretOrKeyIsRefusedAtCreationNamingTheField() {
        post(hook("nope", "authorization")).expectProblem(400, "executor.headers.Authorization");
        Http.Reply noKey = post(hook("api", "other")).expectProblem(400, "executor.headers.Authorization");
        assertThat(noKey.text("detail")).contains("secret api has no key other (keys: authorization)");
        post(command("true", "db", "nope")).expectProblem(400, "executor.env.DB_PASSWORD");
        http.put(NS + "/schedules/s", "{\"schedule\": \"@daily\", \"jobTemplate\": {\"type\": \"t\", \"executor\": "
                + command("true", "gone", "password") + "}}").expectProblem(400, "jobTemplate.executor.env.DB_PASSWORD");
        http.put(NS + "/schedules/s", "{\"schedule\": \"@daily\", \"jobTemplate\": {\"type\": \"t\", \"executor\": "
                + command("true", "db", "password") + "}}").expect(201);
    }

    @Test
    void aSecretThatDisappearsFailsTheAttemptInOneLine() {
        JobId id = JobId.parse(http.post(NS + "/jobs", "{\"type\": \"t\", \"delay\": \"1s\", \"retry\": " + ONE_ATTEMPT
                + ", \"executor\": " + hook("api", "authorization") + "}").expect(201).text("id"));
        http.delete(NS + "/secrets/api").expect(204);

        Job job = finished(id);
        assertThat(job.state()).isEqualTo(JobState.DEAD);
        assertThat(job.lastError()).contains("header Authorization: secret api does not exist in namespace default");
        assertThat(attempt(id).get("error").asText()).doesNotContain("\n").doesNotContain("Exception");
        assertThat(endpoint.to("/hook")).isEmpty();
    }

    @Test
    void thePlaceholderSentBackForAPlainValueIsRefusedNotStored() {
        String executor = "{\"kind\": \"http\", \"url\": \"" + endpoint.url("/hook") + "\", \"headers\": {\"Authorization\": \"Bearer real-one\"}}";
        JsonNode schedule = http.put(NS + "/schedules/s", "{\"schedule\": \"@daily\", \"jobTemplate\": {\"type\": \"t\", \"executor\": "
                + executor + "}}").expect(201).json();
        JsonNode shown = schedule.get("jobTemplate").get("executor");
        assertThat(shown.get("headers").get("Authorization").asText()).isEqualTo("***");

        Http.Reply refused = http.put(NS + "/schedules/s", "{\"schedule\": \"@hourly\", \"jobTemplate\": {\"type\": \"t\", \"executor\": "
                + shown + "}}").expectProblem(400, "jobTemplate.executor.headers.Authorization");
        assertThat(refused.text("detail")).contains("placeholder", "secretKeyRef");
        post(command("true", "db", "password").replace(ref("db", "password"), "\"***\"")).expectProblem(400, "executor.env.DB_PASSWORD");
        assertThat(fixture.tock.schedules().get("default", "s").schedule().template().executor().orElseThrow().toString())
                .contains("Bearer real-one");
    }

    @Test
    void aScheduleWithReferencesReadBackAndSentAgainIsAccepted() {
        JsonNode schedule = http.put(NS + "/schedules/s", "{\"schedule\": \"@daily\", \"jobTemplate\": {\"type\": \"t\", \"executor\": "
                + hook("api", "authorization") + "}}").expect(201).json();
        http.put(NS + "/schedules/s", "{\"schedule\": \"@hourly\", \"jobTemplate\": " + schedule.get("jobTemplate") + "}").expect(200);
    }

    @Test
    void aSignedWebhookCarriesAnHmacOfTimeJobIdAndBodyUnderItsSecret() throws Exception {
        http.put(NS + "/secrets/hooks", "{\"stringData\": {\"signing\": \"whsec-5d1f0c\"}}").expect(201);
        String executor = "{\"kind\": \"http\", \"url\": \"" + endpoint.url("/hook") + "\", \"signingSecret\": " + ref("hooks", "signing") + "}";
        JobId id = JobId.parse(post(executor).expect(201).text("id"));

        assertThat(finished(id).state()).isEqualTo(JobState.SUCCEEDED);
        TestEndpoint.Received request = endpoint.to("/hook").get(0);
        String[] parts = request.header("Tock-Signature").split(",");
        assertThat(parts[0]).startsWith("t=");
        String time = parts[0].substring(2);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("whsec-5d1f0c".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = HexFormat.of().formatHex(mac.doFinal((time + "." + id + "." + request.body()).getBytes(StandardCharsets.UTF_8)));
        assertThat(parts[1]).isEqualTo("v1=" + expected);
        assertThat(http.get(NS + "/jobs/" + id).expect(200).json().at("/executor/signingSecret/valueFrom/secretKeyRef/name").asText())
                .isEqualTo("hooks");
        assertThat(attempt(id).get("output").asText()).doesNotContain("whsec-5d1f0c");
    }

    @Test
    void aSigningSecretMustBeAReferenceToAnExistingSecret() {
        String url = endpoint.url("/hook");
        assertThat(post("{\"kind\": \"http\", \"url\": \"" + url + "\", \"signingSecret\": " + ref("nope", "signing") + "}")
                .expect(400).text("field")).isEqualTo("executor.signingSecret");
        assertThat(post("{\"kind\": \"http\", \"url\": \"" + url + "\", \"signingSecret\": \"whsec-plain\"}")
                .expect(400).text("field")).isEqualTo("executor.signingSecret");
    }
}
