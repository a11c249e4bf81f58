package dev.tock.http.dto;

import java.util.List;

/** A namespace's alert rules, channels or silences, by name. */
public record AlertSpecList(List<AlertSpecView> items) {
}
