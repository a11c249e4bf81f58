package dev.tock.http;

/** Filters, cursor pages and retries over PostgreSQL. */
class PostgresJobListingTest extends JobListingTest {
    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.postgres(ServerFixture.config(), JobListingTest::handlers, b -> { });
    }
}
