package dev.tock.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Built-in TLS from a PKCS12 keystore made here with the JDK's keytool: HTTPS works, cookies are Secure. */
class TlsTest {
    private static final String PASSWORD = "test-keystore-password";

    @TempDir
    Path dir;

    private Path keystore() throws Exception {
        Path file = dir.resolve("tls.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "tock", "-keyalg", "EC", "-groupname", "secp256r1",
                "-dname", "CN=localhost", "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-validity", "2", "-storetype", "PKCS12",
                "-keystore", file.toString(), "-storepass", PASSWORD, "-keypass", PASSWORD).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return file;
    }

    private static HttpClient trusting(Path keystore) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keystore)) {
            trust.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ssl = SSLContext.getInstance("TLS");
        ssl.init(null, tmf.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(10)).build();
    }

    @Test
    void theServerSpeaksHttpsWithTheKeystoresCertificateAndMarksCookiesSecure() throws Exception {
        Path keystore = keystore();
        var config = ServerFixture.secured().set("tls-keystore", keystore.toString()).set("tls-keystore-password", PASSWORD);
        try (ServerFixture f = ServerFixture.h2(config, b -> { }, b -> { })) {
            String secret = f.server.bootstrapToken().orElseThrow();
            assertThat(f.server.tls()).isTrue();
            HttpClient client = trusting(keystore);
            String base = "https://127.0.0.1:" + f.server.port();
            HttpResponse<String> health = client.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).isEqualTo(200);
            HttpResponse<String> jobs = client.send(HttpRequest.newBuilder(URI.create(base + "/v1/namespaces/default/jobs"))
                    .header("Authorization", "Bearer " + secret).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(jobs.statusCode()).isEqualTo(200);
            HttpResponse<String> login = client.send(HttpRequest.newBuilder(URI.create(base + "/ui/login"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("{\"token\": \"" + secret + "\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            List<String> cookies = login.headers().allValues("Set-Cookie");
            assertThat(cookies).hasSize(2).allMatch(c -> c.contains("; Secure"));

            HttpClient untrusting = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create(base + "/health")).build(),
                    HttpResponse.BodyHandlers.ofString())).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> untrusting.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + f.server.port() + "/health"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()))
                    .as("plain HTTP is not served on the TLS port").isInstanceOf(IOException.class);
        }
    }

    @Test
    void anUnreadableKeystoreFailsAtStartNamingTheSetting() {
        var config = ServerFixture.secured().set("tls-keystore", dir.resolve("missing.p12").toString());
        assertThatThrownBy(() -> ServerFixture.h2(config, b -> { }, b -> { }))
                .isInstanceOf(ServerException.class).hasMessageContaining("tls-keystore");
    }
}
