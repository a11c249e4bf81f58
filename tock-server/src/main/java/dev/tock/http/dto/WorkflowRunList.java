package dev.tock.http.dto;

import java.util.List;

public record WorkflowRunList(List<WorkflowRunView> runs) {
}
