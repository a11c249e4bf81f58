package dev.tock.http;

/** No secret value in the tables, logs or answers of a node on PostgreSQL either. */
class PostgresSecretPlaintextTest extends SecretPlaintextTest {
    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.postgres(config(), b -> { }, b -> { });
    }
}
