package dev.tock.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A test against a fresh server; subclasses may choose another store. */
abstract class ApiTest {
    protected ServerFixture fixture;
    protected Http http;

    protected ServerFixture newFixture() {
        return ServerFixture.h2();
    }

    @BeforeEach
    void startServer() {
        fixture = newFixture();
        http = fixture.http;
    }

    @AfterEach
    void stopServer() {
        if (fixture != null) {
            fixture.close();
        }
    }

    static final String NS = "/v1/namespaces/default";
}
