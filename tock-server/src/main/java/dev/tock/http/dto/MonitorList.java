package dev.tock.http.dto;

import java.util.List;

/** A namespace's monitors, by name. */
public record MonitorList(List<MonitorView> monitors) {
}
