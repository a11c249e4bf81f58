package dev.tock.engine;

import dev.tock.alert.AlertChannel;
import dev.tock.alert.AlertMessage;
import dev.tock.executor.EgressPolicy;
import dev.tock.secret.SecretResolver;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.Transport;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Properties;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Delivers one message to one channel, after the egress policy allowed its host. Secret settings are read
 * from their Secrets here, at send time. A failure throws {@link DeliveryException}; the dispatcher retries.
 */
final class ChannelSender {
    static final Duration TIMEOUT = Duration.ofSeconds(10);
    /** Signature header: {@code t=UNIX_SECONDS,v1=HEX(HMAC-SHA256(secret, t + "." + body))}. */
    static final String SIGNATURE = "Tock-Signature";
    private final EgressPolicy egress;
    private final SecretResolver secrets;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).followRedirects(HttpClient.Redirect.NEVER).build();

    /** A delivery that did not go through; the message says why, without secret values. */
    static final class DeliveryException extends Exception {
        DeliveryException(String message) {
            super(message);
        }
    }

    ChannelSender(EgressPolicy egress, SecretResolver secrets, Clock clock) {
        this.egress = egress;
        this.secrets = secrets;
        this.clock = clock;
    }

    void send(AlertChannel channel, AlertMessage message) throws DeliveryException {
        try {
            egress.check(channel.host());
        } catch (RuntimeException | IOException e) {
            throw new DeliveryException("egress refused " + channel.host() + ": " + e.getMessage());
        }
        switch (channel.type()) {
            case WEBHOOK -> webhook(channel, message);
            case SLACK -> post(channel.url().orElseThrow(), message.slackJson(), message, Optional.empty());
            case PAGERDUTY -> post(channel.url().orElseThrow(), message.pagerDutyJson(secret(channel)), message, Optional.empty());
            case EMAIL -> email(channel, message);
        }
    }

    private void webhook(AlertChannel channel, AlertMessage message) throws DeliveryException {
        String body = message.webhookJson();
        Optional<String> signature = Optional.empty();
        if (channel.secret().isPresent()) {
            signature = Optional.of(signature(secret(channel), clock.instant().getEpochSecond(), body));
        }
        post(channel.url().orElseThrow(), body, message, signature);
    }

    /** {@code t=1767225600,v1=5f2b…}: HMAC-SHA256 of {@code t + "." + body} under the secret, in hex. */
    static String signature(String secret, long unixSeconds, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal((unixSeconds + "." + body).getBytes(StandardCharsets.UTF_8));
            return "t=" + unixSeconds + ",v1=" + HexFormat.of().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    private void post(URI url, String body, AlertMessage message, Optional<String> signature) throws DeliveryException {
        HttpRequest.Builder request = HttpRequest.newBuilder(url).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .header("User-Agent", "tock-alerts")
                .header("Idempotency-Key", message.notification().key())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        signature.ifPresent(s -> request.header(SIGNATURE, s));
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                String answer = response.body() == null ? "" : response.body();
                throw new DeliveryException(url.getHost() + " answered " + response.statusCode()
                        + (answer.isBlank() ? "" : ": " + answer.substring(0, Math.min(200, answer.length()))));
            }
        } catch (IOException e) {
            throw new DeliveryException("POST to " + url.getHost() + " failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeliveryException("interrupted while posting to " + url.getHost());
        }
    }

    private void email(AlertChannel channel, AlertMessage message) throws DeliveryException {
        AlertChannel.Smtp smtp = channel.smtp().orElseThrow();
        Properties props = new Properties();
        props.put("mail.smtp.host", smtp.host());
        props.put("mail.smtp.port", String.valueOf(smtp.port()));
        props.put("mail.smtp.connectiontimeout", String.valueOf(TIMEOUT.toMillis()));
        props.put("mail.smtp.timeout", String.valueOf(TIMEOUT.toMillis()));
        props.put("mail.smtp.writetimeout", String.valueOf(TIMEOUT.toMillis()));
        props.put("mail.smtp.starttls.enable", String.valueOf(smtp.startTls()));
        props.put("mail.smtp.starttls.required", String.valueOf(smtp.startTls()));
        props.put("mail.smtp.auth", String.valueOf(smtp.username().isPresent()));
        props.put("mail.smtp.ssl.checkserveridentity", "true");
        if (smtp.trustCertificate().isPresent()) {
            try {
                props.put("mail.smtp.ssl.socketFactory", dev.tock.alert.PemCertificate.trusting(smtp.trustCertificate().get()));
            } catch (java.security.GeneralSecurityException e) {
                throw new DeliveryException("the channel's trustCertificate cannot be used: " + e.getMessage());
            }
        }
        Session session = Session.getInstance(props);
        try {
            MimeMessage mail = new MimeMessage(session);
            mail.setFrom(new InternetAddress(smtp.from()));
            for (String to : smtp.to()) {
                mail.addRecipient(Message.RecipientType.TO, new InternetAddress(to));
            }
            mail.setSubject(message.subject(), "UTF-8");
            mail.setText(message.text(), "UTF-8");
            mail.setHeader("X-Tock-Idempotency-Key", message.notification().key());
            if (smtp.username().isPresent()) {
                Transport.send(mail, smtp.username().get(), channel.secret().isPresent() ? secret(channel) : "");
            } else {
                Transport.send(mail);
            }
        } catch (MessagingException e) {
            throw new DeliveryException("SMTP to " + smtp.host() + ":" + smtp.port() + " failed: " + e.getMessage());
        }
    }

    private String secret(AlertChannel channel) throws DeliveryException {
        try {
            return secrets.resolve(channel.namespace(), channel.secret().orElseThrow());
        } catch (RuntimeException e) {
            throw new DeliveryException("channel " + channel.name() + ": " + channel.secretField() + ": " + e.getMessage());
        }
    }
}
