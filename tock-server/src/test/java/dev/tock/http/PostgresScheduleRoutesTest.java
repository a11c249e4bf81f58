package dev.tock.http;

/** The schedule routes over PostgreSQL. */
class PostgresScheduleRoutesTest extends ScheduleRoutesTest {
    @Override
    protected ServerFixture newFixture() {
        return ServerFixture.postgres();
    }
}
