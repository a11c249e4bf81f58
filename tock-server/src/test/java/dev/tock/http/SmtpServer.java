package dev.tock.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A real SMTP server for the test: Debian's aiosmtpd on 127.0.0.1, whose debugging handler prints every
 * message it receives; {@link #received()} is what it printed.
 */
final class SmtpServer implements AutoCloseable {
    private final Process process;
    private final StringBuffer output = new StringBuffer();
    final int port;

    SmtpServer() throws IOException, InterruptedException {
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        process = new ProcessBuilder("/usr/bin/python3", "-u", "-m", "aiosmtpd", "-n", "-l", "127.0.0.1:" + port)
                .redirectErrorStream(true).start();
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
