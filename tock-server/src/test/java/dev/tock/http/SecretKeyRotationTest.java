package dev.tock.http;

import static dev.tock.testing.Eventually.await;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.tock.engine.Tock;
import dev.tock.model.HttpExecutor;
import dev.tock.model.Job;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.NewJob;
import dev.tock.model.RetryPolicy;
import dev.tock.model.SecretKeyRef;
import dev.tock.secret.EncryptionKey;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * After a rotation, a node with the new key reads the values; a node still on the old key fails the
 * attempts that need them with both key ids named, and says so when it starts.
 */
class SecretKeyRotationTest extends ApiTest {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NEW_KEY = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes(StandardCharsets.US_ASCII));
    private static final String TOKEN = "Bearer rotated-token-5e1d";

    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.h2(ServerFixture.config().set("secret-key", SecretRoutesTest.KEY).set("http-egress-allow", "127.0.0.1/32"),
                b -> { }, b -> { });
    }

    private static Job finished(Tock tock, JobId id) {
        await(WAIT, "job " + id + " to finish", () -> tock.jobs().get(id).state().isFinal());
        return tock.jobs().get(id);
    }

    @Test
    void aNodeWithTheNewKeyReadsRotatedValuesAndOneWithTheOldKeySaysWhichItNeeds() throws Exception {
        EncryptionKey oldKey = EncryptionKey.fromBase64(SecretRoutesTest.KEY);
        EncryptionKey newKey = EncryptionKey.fromBase64(NEW_KEY);
        try (TestEndpoint endpoint = new TestEndpoint()) {
            endpoint.on("/hook", TestEndpoint.status(200, "ok"));
            http.put(NS + "/secrets/api", "{\"stringData\": {\"authorization\": \"" + TOKEN + "\"}}").expect(201);
            String before = http.get(NS + "/secrets/api").expect(200).text("version");
            assertThat(fixture.tock.secrets().rotateKey(oldKey, newKey)).isEqualTo(1);
            assertThat(http.get(NS + "/secrets/api").expect(200).text("version")).as("versions follow the key").isNotEqualTo(before);

            Logger secrets = (Logger) LoggerFactory.getLogger("dev.tock.engine.SecretService");
            ListAppender<ILoggingEvent> logs = new ListAppender<>();
            logs.start();
            secrets.addAppender(logs);
            try {
                fixture.tock.start();
            } finally {
                secrets.detachAppender(logs);
            }
            assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(line -> assertThat(line)
                    .contains("1 secret values were encrypted with secret key " + newKey.id() + ", but this node's secret key is "
                            + oldKey.id()));

            NewJob job = NewJob.builder("hook").retry(RetryPolicy.maxAttempts(1))
                    .executor(HttpExecutor.post(endpoint.url("/hook")).withHeaderFromSecret("Authorization", new SecretKeyRef("api", "authorization")))
                    .build();
            Job onOldKey = finished(fixture.tock, fixture.tock.jobs().enqueue(job).id());
            assertThat(onOldKey.state()).isEqualTo(JobState.DEAD);
            assertThat(onOldKey.lastError()).hasValueSatisfying(e -> assertThat(e)
                    .contains("header Authorization: secret api, key authorization (namespace default) was encrypted with the secret key"
                            + " of id " + newKey.id() + ", but this node's secret key has id " + oldKey.id()).doesNotContain("\n"));
            assertThat(endpoint.to("/hook")).isEmpty();

            fixture.tock.stop(Duration.ofSeconds(5));
            try (Tock renewed = Tock.builder().store(fixture.store).acceptAnyType()
                    .config(ServerFixture.config().nodeId("renewed").set("secret-key", NEW_KEY).set("http-egress-allow", "127.0.0.1/32").build())
                    .build()) {
                renewed.start();
                Job onNewKey = finished(renewed, renewed.jobs().enqueue(job).id());
                assertThat(onNewKey.state()).isEqualTo(JobState.SUCCEEDED);
                assertThat(endpoint.to("/hook")).singleElement().satisfies(r -> assertThat(r.header("Authorization")).isEqualTo(TOKEN));
            }
        }
    }
}
