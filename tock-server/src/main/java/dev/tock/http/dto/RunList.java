package dev.tock.http.dto;

import java.util.List;

/** Fire records of a schedule, newest first. */
public record RunList(List<RunView> runs) {
}
