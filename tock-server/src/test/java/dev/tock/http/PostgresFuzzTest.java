package dev.tock.http;

import dev.tock.config.TockConfig;

/** The fuzzing on PostgreSQL, whose text columns refuse what H2 takes (NUL characters, for one). */
class PostgresFuzzTest extends FuzzTest {
    @Override
    protected ServerFixture newFixture(TockConfig.Builder config) {
        return ServerFixture.postgres(config, b -> { }, b -> { });
    }
}
