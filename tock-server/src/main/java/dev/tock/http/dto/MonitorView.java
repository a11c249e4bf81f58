package dev.tock.http.dto;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tock.monitor.Ping;
import dev.tock.service.Monitors;
import java.util.List;

/**
 * A heartbeat monitor: its spec, times, and latest pings when one is asked for.
 *
 * @param pingToken the ping token, only in the answer that made it (creating the monitor, or replacing its token)
 */
public record MonitorView(String namespace, String name, JsonNode spec, String createdAt, String updatedAt, String pingToken,
                          List<PingView> pings) {

    /** One ping: {@code ping}, {@code start} or {@code fail}, and when. */
    public record PingView(String kind, String at) {
    }

    public static MonitorView of(Monitors.Saved saved, List<Ping> pings) {
        return new MonitorView(saved.stored().namespace(), saved.stored().name(), saved.monitor().specJson(),
                Fields.format(saved.stored().createdAt()), Fields.format(saved.stored().updatedAt()), saved.pingToken().orElse(null),
                pings == null ? null : pings.stream().map(p -> new PingView(p.kind().wireName(), Fields.format(p.at()))).toList());
    }
}
