package dev.tock.http.dto;

import java.util.List;

/** The next nominal fire times across a namespace's active schedules, earliest first. */
public record NextFireList(List<NextFire> fires) {

    /**
     * One coming fire.
     *
     * @param time the instant, in UTC
     * @param local the same instant in the schedule's zone, with its offset
     * @param description the schedule's spec in words
     */
    public record NextFire(String schedule, String time, String local, String timeZone, String description) {
    }
}
