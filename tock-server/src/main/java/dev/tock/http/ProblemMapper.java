package dev.tock.http;

import dev.tock.http.wire.ApiProblem;
import dev.tock.model.ConflictException;
import dev.tock.model.InvalidJobException;
import dev.tock.model.JobNotFoundException;
import dev.tock.model.UnknownNamespaceException;
import dev.tock.schedule.ScheduleNotFoundException;
import dev.tock.workflow.WorkflowNotFoundException;
import dev.tock.store.StoreException;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The one place where exceptions become HTTP problems. Unexpected ones are logged and answered 500 without details. */
final class ProblemMapper {
    private static final Logger log = LoggerFactory.getLogger(ProblemMapper.class);

    ApiProblem toProblem(Throwable error, String method, String path) {
        ApiProblem problem = problemOf(error);
        if (error instanceof StoreException) {
            log.warn("store failure answering {} {}", method, path, error);
        } else if (problem.status() >= 500 && !(error instanceof ApiProblem)) {
            log.error("unexpected failure answering {} {}", method, path, error);
        }
        return problem;
    }

    /** The problem that answers {@code error}, without logging it (e.g. for the audit log's outcome). */
    static ApiProblem problemOf(Throwable error) {
        return switch (error) {
            case ApiProblem p -> p;
            case UnknownNamespaceException e -> ApiProblem.notFound(e.getMessage().replaceFirst("^namespace: ", ""));
            case InvalidJobException e -> ApiProblem.invalidField(e.field(), e.getMessage());
            case JobNotFoundException e -> ApiProblem.notFound(e.getMessage());
            case ConflictException e -> ApiProblem.conflict(e.getMessage());
            case ScheduleNotFoundException e -> ApiProblem.notFound(e.getMessage());
            case WorkflowNotFoundException e -> ApiProblem.notFound(e.getMessage());
            case StoreException e -> ApiProblem.unavailable("the store could not be reached; try again");
            case IllegalArgumentException e -> ApiProblem.invalidField(null, String.valueOf(e.getMessage()));
            default -> new ApiProblem(500, "internal-error", "Internal server error",
                    "the server failed unexpectedly; the failure is in its log", Optional.empty());
        };
    }
}
