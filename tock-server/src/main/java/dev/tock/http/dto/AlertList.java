package dev.tock.http.dto;

import java.util.List;

/** A namespace's alerts, newest first. */
public record AlertList(List<AlertView> alerts) {
}
