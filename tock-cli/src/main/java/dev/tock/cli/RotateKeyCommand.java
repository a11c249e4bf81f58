package dev.tock.cli;

import dev.tock.cli.client.UsageException;
import dev.tock.config.SecretKeyConfig;
import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.secret.EncryptionKey;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tock secrets rotate-key}: re-encrypts every secret value in the store under a new key, in one
 * transaction. It opens the store as {@code tock migrate} does ({@code --db}, {@code --set}, {@code TOCK_…}),
 * so it needs database access, not a server; the keys come from files or variables, never the command line.
 */
@Command(name = "rotate-key", mixinStandardHelpOptions = true,
        description = {"Re-encrypts every secret value in the store from the old key to the new one, in one transaction: "
                + "all values or none. Values already under the new key are kept, so a rotation can be run again. Then start "
                + "the nodes with the new key; a node still on the old key says which key it would need.",
                "The old key: --old-key-file, or TOCK_OLD_SECRET_KEY (base64). The new key: --new-key-file, or the node's "
                        + "setting (secret-key-file, TOCK_SECRET_KEY_FILE, TOCK_SECRET_KEY)."})
public final class RotateKeyCommand implements Callable<Integer> {
    /** The variable that gives the old key as base64, beside --old-key-file. */
    static final String OLD_KEY_VARIABLE = "TOCK_OLD_SECRET_KEY";
    private static final int POOL_SIZE = 2;

    @CommandLine.Mixin
    NodeOptions node;

    @Option(names = "--old-key-file", paramLabel = "FILE", description = "The key the values are encrypted with now")
    Path oldKeyFile;

    @Option(names = "--new-key-file", paramLabel = "FILE", description = "The key to encrypt them with from now on")
    Path newKeyFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private final Map<String, String> environment;

    public RotateKeyCommand() {
        this(System.getenv());
    }

    RotateKeyCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Integer call() {
        TockConfig config = node.configBuilder(environment).dbPoolSize(POOL_SIZE).build();
        EncryptionKey from = key("--old-key-file", oldKeyFile, Optional.ofNullable(environment.get(OLD_KEY_VARIABLE))
                .filter(v -> !v.isBlank()).map(text -> parse(OLD_KEY_VARIABLE, text)));
        EncryptionKey to = key("--new-key-file", newKeyFile, config.secretKey().load());
        if (from.equals(to)) {
            throw new UsageException("the old and the new key are the same (id " + to.id() + ")");
        }
        int count;
        try (Tock tock = Tock.builder().config(config.toBuilder().secretKey(SecretKeyConfig.none()).build()).build()) {
            count = tock.secrets().rotateKey(from, to);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.printf("tock secrets rotate-key: re-encrypted %d secrets from key %s to key %s in %s; start the nodes with key %s%n",
                count, from.id(), to.id(), config.redactedDbUrl(), to.id());
        out.flush();
        return 0;
    }

    private static EncryptionKey key(String option, Path file, Optional<EncryptionKey> otherwise) {
        if (file != null) {
            try {
                return EncryptionKey.fromFile(file);
            } catch (IllegalArgumentException e) {
                throw new UsageException(option + ": " + e.getMessage(), e);
            }
        }
        return otherwise.orElseThrow(() -> new UsageException(option.equals("--old-key-file")
                ? "give the old key: --old-key-file FILE or " + OLD_KEY_VARIABLE
                : "give the new key: --new-key-file FILE, or the setting secret-key-file (TOCK_SECRET_KEY_FILE) or secret-key"
                        + " (TOCK_SECRET_KEY)"));
    }

    private static EncryptionKey parse(String variable, String text) {
        try {
            return EncryptionKey.fromBase64(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException(variable + " " + e.getMessage(), e);
        }
    }
}
