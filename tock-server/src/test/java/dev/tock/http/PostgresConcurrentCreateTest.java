package dev.tock.http;

/** Concurrent creates over PostgreSQL, where the requests overlap in the database. */
class PostgresConcurrentCreateTest extends ConcurrentCreateTest {
    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.postgres();
    }
}
