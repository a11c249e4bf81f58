package dev.tock.http.dto;

import java.util.List;

/** One page of a job listing, newest first; pass {@code nextCursor} as {@code cursor} for the next page (absent at the end). */
public record JobPageView(List<JobView> jobs, String nextCursor) {
}
