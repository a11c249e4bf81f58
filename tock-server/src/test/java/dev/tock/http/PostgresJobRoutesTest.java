package dev.tock.http;

/** The job routes over PostgreSQL. */
class PostgresJobRoutesTest extends JobRoutesTest {
    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.postgres();
    }
}
