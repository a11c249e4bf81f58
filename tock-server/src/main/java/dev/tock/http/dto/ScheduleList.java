package dev.tock.http.dto;

import java.util.List;

/** The schedules of a namespace, by name. */
public record ScheduleList(List<ScheduleView> schedules) {
}
