package dev.tock.bench;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The tock command-line tool, to run {@code tock server} in a child JVM the way {@code ./tock server} runs it.
 * tock-bench cannot depend on tock-cli (tock-cli depends on tock-bench, for {@code tock bench}), so the tool is
 * found at run time, on a class path: the CLI's shaded jar, or a test's class path that holds tock-cli.
 */
record TockCli(String classPath) {
    /** The system property naming the shaded jar, when it is not {@code tock-cli/target/tock.jar} of this checkout. */
    static final String JAR_PROPERTY = "tock.jar";
    private static final String MAIN_CLASS = "dev.tock.cli.TockCommand";
    private static final String SERVER_JVM_OPTIONS = "dev/tock/cli/server-jvm-options";

    /** The CLI's shaded jar: {@code -Dtock.jar}, else {@code tock-cli/target/tock.jar} of the checkout this class is in. */
    static TockCli shadedJar() {
        String named = System.getProperty(JAR_PROPERTY);
        Path jar = named != null ? Path.of(named) : checkout().resolve("tock-cli/target/tock.jar");
        if (!Files.isRegularFile(jar)) {
            throw new BenchException("tock server's jar " + jar + " is not there: build it with ./build -pl tock-cli -am package"
                    + " -DskipTests (tock-bench/run does), or name it with -D" + JAR_PROPERTY + "=PATH");
        }
        return new TockCli(jar.toString());
    }

    /** The checkout this class was loaded from: from its tock-bench/target/tock-bench.jar or tock-bench/target/classes. */
    private static Path checkout() {
        try {
            Path loadedFrom = Path.of(TockCli.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return loadedFrom.toAbsolutePath().getParent().getParent().getParent();
        } catch (URISyntaxException e) {
            throw new BenchException("cannot tell where tock-bench was loaded from", e);
        }
    }

    /** The command line that runs {@code tock ARGS} on {@code java} with {@code javaOptions}. */
    List<String> command(String java, List<String> javaOptions, List<String> args) {
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(javaOptions);
        command.addAll(List.of("-cp", classPath, MAIN_CLASS));
        command.addAll(args);
        return command;
    }

    /** The JVM options {@code ./tock} starts {@code tock server} with, from the tool's own resource. */
    List<String> serverDefaults() {
        try (URLClassLoader tool = new URLClassLoader(urls(), null);
             InputStream in = tool.getResourceAsStream(SERVER_JVM_OPTIONS)) {
            if (in == null) {
                throw new BenchException(SERVER_JVM_OPTIONS + " is not on the class path " + classPath);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#"))
                    .flatMap(line -> Arrays.stream(line.trim().split("\\s+"))).toList();
        } catch (IOException e) {
            throw new BenchException("could not read " + SERVER_JVM_OPTIONS + " from " + classPath, e);
        }
    }

    private URL[] urls() throws MalformedURLException {
        String[] entries = classPath.split(File.pathSeparator);
        URL[] urls = new URL[entries.length];
        for (int i = 0; i < entries.length; i++) {
            urls[i] = Path.of(entries[i]).toUri().toURL();
        }
        return urls;
    }
}
