package dev.tock.http;

import dev.tock.config.SecurityConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.util.ssl.SslContextFactory;

/** HTTPS with the key and certificate of a PKCS12 keystore ({@code tls-keystore}), through Jetty's own TLS. */
final class Tls {
    private Tls() {
    }

    static ServerConnector connector(Server jetty, HttpConfiguration http, SecurityConfig config) {
        Path keystore = Path.of(config.tlsKeystore());
        if (!Files.isReadable(keystore)) {
            throw new ServerException("tls-keystore " + keystore.toAbsolutePath() + " cannot be read", null);
        }
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setKeyStorePath(keystore.toAbsolutePath().toString());
        ssl.setKeyStoreType("PKCS12");
        ssl.setKeyStorePassword(config.tlsKeystorePassword());
        // Clients may reach the node by address or by any name: the certificate's names are the client's check.
        SecureRequestCustomizer secure = new SecureRequestCustomizer();
        secure.setSniHostCheck(false);
        http.addCustomizer(secure);
        return new ServerConnector(jetty, new SslConnectionFactory(ssl, HttpVersion.HTTP_1_1.asString()), new HttpConnectionFactory(http));
    }
}
