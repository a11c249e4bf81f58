package dev.tock.http.dto;

import java.util.List;

/** The jobs a lease request got; empty when none was due within the wait. */
public record LeasedJobList(List<LeasedJobView> jobs) {
}
