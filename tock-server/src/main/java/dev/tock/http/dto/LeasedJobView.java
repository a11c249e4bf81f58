package dev.tock.http.dto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.http.wire.Json;
import dev.tock.model.WorkerLeasedJob;
import java.util.Map;

/**
 * A job leased to an external worker. Report on it with its {@code leaseToken}, an opaque string; a report
 * with an old token (the lease expired and the job was leased again) or a made-up one is refused with 409.
 *
 * @param attempt 1 for the first attempt
 * @param leaseToken proof of this lease, to send back as given with heartbeats and results
 * @param leaseExpiresAt when the lease ends without a heartbeat (store clock)
 * @param timeout how long the attempt may take, if the job has a timeout
 */
public record LeasedJobView(String id, String namespace, String queue, String type, JsonNode payload, int priority,
                            int attempt, String leaseToken, String leaseExpiresAt, String runAt, String timeout,
                            Map<String, String> labels) {

    public static LeasedJobView of(WorkerLeasedJob l, Json json) {
        var j = l.leased().job();
        return new LeasedJobView(j.id().toString(), j.namespace(), j.queue(), j.type(), json.tree(j.payload()), j.priority(),
                j.attempts(), l.leaseToken(), Fields.format(l.leased().leaseExpiresAt()), Fields.format(j.runAt()),
                j.timeout().map(Fields::format).orElse(null), j.labels());
    }
}
