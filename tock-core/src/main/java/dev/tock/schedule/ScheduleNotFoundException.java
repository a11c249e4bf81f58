package dev.tock.schedule;

import dev.tock.model.NotFoundException;

/** No schedule of that name exists in the namespace. */
public class ScheduleNotFoundException extends NotFoundException {
    public ScheduleNotFoundException(String namespace, String name) {
        super("schedule " + namespace + "/" + name + " not found");
    }
}
