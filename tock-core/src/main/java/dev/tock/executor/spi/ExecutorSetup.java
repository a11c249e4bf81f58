package dev.tock.executor.spi;

import dev.tock.config.TockConfig;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.secret.SecretResolver;
import java.util.Optional;
import java.util.function.Function;

/**
 * What a provided executor gets from its node.
 *
 * @param config the node's configuration
 * @param secrets reads the Secret values that specs reference, when each attempt runs
 * @param jobStates the state of a Tock job as the store holds it, empty when there is no such job; lets an
 *     executor clean up the external work of jobs that are finished
 */
public record ExecutorSetup(TockConfig config, SecretResolver secrets, Function<JobId, Optional<JobState>> jobStates) {
}
