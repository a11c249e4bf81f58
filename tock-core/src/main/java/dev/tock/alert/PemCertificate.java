package dev.tock.alert;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** A certificate given as PEM text in a channel's spec, and the TLS socket factory that trusts only it. */
public final class PemCertificate {
    private PemCertificate() {
    }

    /** The certificate, or empty when the text is not one PEM X.509 certificate. */
    public static Optional<X509Certificate> parse(String pem) {
        if (!pem.contains("-----BEGIN CERTIFICATE-----")) {
            return Optional.empty();
        }
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            return Optional.of((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
        } catch (CertificateException | ClassCastException e) {
            return Optional.empty();
        }
    }

    /**
     * Sockets that trust this certificate (as a CA, or as the server's own self-signed one) and nothing else; host
     * names are still checked by the mail client.
     */
    public static SSLSocketFactory trusting(String pem) throws GeneralSecurityException {
        X509Certificate certificate = parse(pem).orElseThrow(() -> new CertificateException("not a PEM certificate"));
        KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            trust.load(null, null);
        } catch (java.io.IOException e) {
            throw new GeneralSecurityException("an empty key store did not load", e);
        }
        trust.setCertificateEntry("smtp", certificate);
        TrustManagerFactory managers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        managers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, managers.getTrustManagers(), null);
        return context.getSocketFactory();
    }
}
