package dev.tock.store.jdbc;

import dev.tock.config.TockConfig;
import dev.tock.engine.Tock;
import dev.tock.handler.JobContext;
import dev.tock.model.AttemptOutcome;
import dev.tock.model.JobId;
import dev.tock.model.JobState;
import dev.tock.model.LeasedJob;
import dev.tock.store.FinishedAttempt;
import dev.tock.store.HeldLeaseStore;
import dev.tock.store.LeaseStore;
import dev.tock.store.Store;
import dev.tock.store.StoreOptions;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A Tock node in its own JVM, for tests that kill or pause a node. It runs jobs of type {@link #TYPE},
 * each sleeping {@code workMs}, and prints one line per event:
 * {@code READY}, {@code STARTED id}, {@code HANDLER_END id interrupted=…}, {@code LEASE_LOST id} (a heartbeat
 * was refused), {@code APPLIED id} or {@code FENCED id} (the store took or refused a completion),
 * {@code STALE_FINISH id refused|applied} and {@code EXITED}. A line on stdin (or its end) stops it; it
 * then tries once more to complete, with its old lease token, every job whose completion was not applied.
 *
 * <p>Arguments: jdbc-url schema node lease-ms heartbeat-ms work-ms. Its connections carry the node name
 * as application name.
 */
public final class ChildWorker {
    static final String TYPE = "work";
    private static final Map<JobId, LeasedJob> LEASES = new ConcurrentHashMap<>();
    private static final Set<JobId> APPLIED = ConcurrentHashMap.newKeySet();

    public static void main(String[] args) throws Exception {
        String url = args[0] + (args[0].contains("?") ? "&" : "?") + "ApplicationName=" + args[2];
        String schema = args[1];
        String node = args[2];
        Duration work = Duration.ofMillis(Long.parseLong(args[5]));
        TockConfig config = TockConfig.builder().nodeId(node).dbUrl(url).dbSchema(schema).workerThreads(4)
                .leaseDuration(Duration.ofMillis(Long.parseLong(args[3])))
                .heartbeatInterval(Duration.ofMillis(Long.parseLong(args[4])))
                .reaperInterval(Duration.ofHours(1)) // only the parent reaps
                .pollInterval(Duration.ofMillis(100)).build();
        Store jdbc = JdbcStore.open(new StoreOptions(url, 4, schema));
        Tock tock = Tock.builder().config(config).store(reporting(jdbc)).handler(TYPE, ctx -> work(ctx, work)).build().start();
        say("READY");
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        tock.stop(Duration.ofSeconds(10));
        for (LeasedJob leased : LEASES.values()) {
            if (!APPLIED.contains(leased.job().id())) {
                completeLate(jdbc, node, leased);
            }
        }
        jdbc.close();
        say("EXITED");
    }

    private static void work(JobContext ctx, Duration time) throws InterruptedException {
        say("STARTED " + ctx.job().id());
        boolean interrupted = true;
        try {
            Thread.sleep(time);
            interrupted = false;
        } finally {
            say("HANDLER_END " + ctx.job().id() + " interrupted=" + interrupted);
        }
    }

    /** A zombie's write: success for a job, under a lease token that may no longer be current. */
    private static void completeLate(Store store, String node, LeasedJob leased) {
        Instant now = Instant.now();
        Set<JobId> refused = store.heldLeases().finish(List.of(new FinishedAttempt(leased.lease(), leased.job().attempts(), node,
                now, now, AttemptOutcome.SUCCEEDED, JobState.SUCCEEDED, Duration.ZERO, Optional.empty(),
                Optional.of("late completion from " + node))));
        say("STALE_FINISH " + leased.job().id() + (refused.contains(leased.job().id()) ? " refused" : " applied"));
    }

    /** The store with its lease roles decorated to report what they answer to leases, heartbeats and completions. */
    private static Store reporting(Store store) {
        LeaseStore leases = decorated(LeaseStore.class, store.leases(), (method, args, result) -> {
            if (method.equals("lease") || method.equals("leaseAhead")) {
                leased(result).forEach(l -> LEASES.put(l.job().id(), l));
            }
            return result;
        });
        HeldLeaseStore heldLeases = decorated(HeldLeaseStore.class, store.heldLeases(), (method, args, result) -> {
            switch (method) {
                case "extend" -> jobIds(result).forEach(id -> say("LEASE_LOST " + id));
                case "finish" -> reportFinished(finished(args[0]), jobIds(result));
                // The engine's completions take this door when the node has workers free for next steps.
                case "finishAndLease" -> reportFinished(finished(args[0]), ((HeldLeaseStore.Finished) result).refused());
                default -> { }
            }
            return result;
        });
        return decorated(Store.class, store, (method, args, result) -> switch (method) {
            case "leases" -> leases;
            case "heldLeases" -> heldLeases;
            default -> result;
        });
    }

    private static void reportFinished(List<FinishedAttempt> attempts, Set<JobId> refused) {
        for (FinishedAttempt a : attempts) {
            JobId id = a.lease().jobId();
            if (refused.contains(id)) {
                say("FENCED " + id);
            } else {
                APPLIED.add(id);
                say("APPLIED " + id);
            }
        }
    }

    /** What a decorated method answered, given its name and arguments; returns what the caller gets. */
    @FunctionalInterface
    private interface After {
        Object answered(String method, Object[] args, Object result);
    }

    @SuppressWarnings("unchecked")
    private static <T> T decorated(Class<T> role, T target, After after) {
        return (T) Proxy.newProxyInstance(role.getClassLoader(), new Class<?>[] {role}, (proxy, method, args) -> {
            Object result;
            try {
                result = method.invoke(target, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
            return after.answered(method.getName(), args, result);
        });
    }

    @SuppressWarnings("unchecked")
    private static List<LeasedJob> leased(Object result) {
        return (List<LeasedJob>) result;
    }

    @SuppressWarnings("unchecked")
    private static List<FinishedAttempt> finished(Object argument) {
        return (List<FinishedAttempt>) argument;
    }

    @SuppressWarnings("unchecked")
    private static Set<JobId> jobIds(Object result) {
        return (Set<JobId>) result;
    }

    private static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
