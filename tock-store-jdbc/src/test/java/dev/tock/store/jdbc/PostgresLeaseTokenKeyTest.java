package dev.tock.store.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Nodes starting together agree on one lease token key: the first insert wins, every node reads the row. */
class PostgresLeaseTokenKeyTest {
    private static final int NODES = 4;

    @Test
    void nodesAskingAtOnceGetTheSameKey() throws Exception {
        String schema = TestDatabases.freshSchemaName();
        List<JdbcStore> stores = new ArrayList<>();
        try {
            for (int i = 0; i < NODES; i++) {
                stores.add(JdbcStore.open(TestDatabases.postgres(schema)));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<CompletableFuture<byte[]>> keys = stores.stream().map(s -> CompletableFuture.supplyAsync(() -> {
                awaitQuietly(go);
                return s.cluster().leaseTokenKey();
            })).toList();
            go.countDown();
            byte[] first = keys.get(0).get(30, TimeUnit.SECONDS);
            for (CompletableFuture<byte[]> key : keys) {
                assertThat(key.get(30, TimeUnit.SECONDS)).isEqualTo(first);
            }
        } finally {
            stores.forEach(JdbcStore::close);
            TestDatabases.dropSchema(schema);
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
