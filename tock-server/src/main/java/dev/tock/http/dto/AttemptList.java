package dev.tock.http.dto;

import java.util.List;

/** Every attempt of a job, oldest first. */
public record AttemptList(List<AttemptView> attempts) {
}
