package dev.tock.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real SMTP server for the test: Debian's aiosmtpd on 127.0.0.1, whose debugging handler prints every
 * message it receives; {@link #received()} is what it printed.
 */
final class SmtpServer implements AutoCloseable {
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    final int port;

    SmtpServer() throws IOException, InterruptedException {
        this(List.of("-m", "aiosmtpd", "-n", "-l", "127.0.0.1:%d"));
    }

    /**
     * One that requires STARTTLS with this certificate and key, then authentication as this user (a script on
     * aiosmtpd's controller, in the test resources).
     */
    static SmtpServer secure(Path certificate, Path key, String user, String password) throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("java.io.tmpdir"), "tock-secure-smtp-" + ProcessHandle.current().pid() + ".py");
        try (var in = SmtpServer.class.getResourceAsStream("/smtp/secure_smtp_server.py")) {
            Files.write(script, in.readAllBytes());
        }
        return new SmtpServer(List.of(script.toString(), "%d", certificate.toString(), key.toString(), user, password));
    }

    private SmtpServer(List<String> arguments) throws IOException, InterruptedException {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of("/usr/bin/python3", "-u"));
        arguments.forEach(a -> command.add(a.replace("%d", String.valueOf(port))));
        process = new ProcessBuilder(command).redirectErrorStream(true).start();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null;) {
                    output.append(line).append('\n');
                }
            } catch (IOException e) {
                output.append("[reader failed: ").append(e).append("]\n");
            }
        });
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Socket s = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline || !process.isAlive()) {
                    throw new IllegalStateException("aiosmtpd did not start on port " + port + ": " + output);
                }
                Thread.sleep(100);
            }
        }
    }

    String received() {
        return output.toString();
    }

    @Override
    public void close() {
        process.destroy();
    }
}
