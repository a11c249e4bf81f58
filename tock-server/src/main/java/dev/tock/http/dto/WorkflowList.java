package dev.tock.http.dto;

import java.util.List;

public record WorkflowList(List<WorkflowView> workflows) {
}
