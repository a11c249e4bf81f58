package dev.tock.http.dto;

import java.util.List;

/** The queues of a namespace: declared ones and those that hold jobs. */
public record QueueList(List<QueueView> queues) {
}
