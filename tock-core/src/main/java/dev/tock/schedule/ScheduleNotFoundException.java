package dev.tock.schedule;

import dev.tock.TockException;

/** No schedule of that name exists in the namespace. */
public class ScheduleNotFoundException extends TockException {
    public ScheduleNotFoundException(String namespace, String name) {
        super("schedule " + namespace + "/" + name + " not found");
    }
}
