package dev.tock.http.dto;

import java.util.List;

/** The next nominal fire times of a schedule, from the store's clock now. */
public record PreviewView(String timeZone, List<FireTime> times) {

    /**
     * @param utc the instant, in UTC
     * @param local the same instant in the schedule's zone, with its offset
     */
    public record FireTime(String utc, String local) {
    }
}
