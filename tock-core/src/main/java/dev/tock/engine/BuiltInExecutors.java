package dev.tock.engine;

import dev.tock.config.TockConfig;
import dev.tock.executor.CommandJobExecutor;
import dev.tock.executor.EgressPolicy;
import dev.tock.executor.HttpJobExecutor;
import dev.tock.handler.JobHandler;
import dev.tock.model.CommandExecutor;
import dev.tock.model.Executor;
import dev.tock.model.HttpExecutor;
import dev.tock.model.InvalidJobException;
import dev.tock.secret.SecretResolver;
import java.util.HashMap;
import java.util.Map;

/** The executors this node runs, as its configuration enables them, and what it accepts at creation. */
final class BuiltInExecutors implements AutoCloseable {
    private final boolean commandEnabled;
    private final EgressPolicy egress;
    private final HttpJobExecutor http;
    private final Map<String, JobHandler> handlers = new HashMap<>();

    /** @param secrets reads the Secret values that executors reference, when each attempt runs */
    BuiltInExecutors(TockConfig config, SecretResolver secrets) {
        this.commandEnabled = config.commandExecutorEnabled();
        this.egress = config.egressPolicy();
        this.http = config.httpExecutorEnabled() ? new HttpJobExecutor(egress, config.outputTailChars(), secrets, config.maxStepOutputBytes()) : null;
        if (http != null) {
            handlers.put(Executor.HTTP, http);
        }
        if (commandEnabled) {
            handlers.put(Executor.COMMAND, new CommandJobExecutor(config.outputTailChars(), secrets, config.maxStepOutputBytes()));
        }
    }

    /** The built-in handler of each enabled kind. */
    Map<String, JobHandler> handlers() {
        return Map.copyOf(handlers);
    }

    /**
     * Refuses, at creation, what this node would never run: command jobs unless the command executor is
     * enabled (writing jobs would otherwise be running programs here), and HTTP jobs whose URL is an
     * address or a {@code localhost} name the egress policy refuses. Other host names are checked when
     * each request is made.
     */
    void requireAccepted(Executor executor) {
        switch (executor) {
            case CommandExecutor c -> {
                if (!commandEnabled) {
                    throw new InvalidJobException("executor.kind", "the command executor is disabled on this node"
                            + " (command-executor-enabled=false): enabling it lets whoever can create jobs run programs here");
                }
            }
            case HttpExecutor h -> egress.refusesAtCreation(h.url().getHost()).ifPresent(why -> {
                throw new InvalidJobException("executor.url", why);
            });
        }
    }

    @Override
    public void close() {
        if (http != null) {
            http.close();
        }
    }
}
