package dev.tock.http;

import dev.tock.http.dto.QueueList;
import dev.tock.http.dto.QueueRequest;
import dev.tock.http.dto.QueueView;
import dev.tock.model.Names;
import dev.tock.model.Queue;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code /v1/namespaces/{ns}/queues}: settings (limit, paused), pause, resume, delete, listing with job counts. */
final class QueueRoutes {
    private static final String QUEUES = ApiContext.NS + "/queues";
    private static final String QUEUE = QUEUES + "/{queue}";
    private final ApiContext ctx;

    QueueRoutes(ApiContext ctx) {
        this.ctx = ctx;
    }

    List<Route> routes() {
        return List.of(
                Route.get(QUEUES, "listQueues").tag("queues").returns(QueueList.class)
                        .summary("List queues with how many jobs each holds per state").handler(this::list),
                Route.get(QUEUE, "getQueue").tag("queues").returns(QueueView.class).summary("Get a queue's settings")
                        .handler(this::get),
                Route.put(QUEUE, "putQueue").tag("queues").body(QueueRequest.class).returns(QueueView.class).status(201)
                        .summary("Create or update a queue: concurrency limit, paused (200 when it existed)").handler(this::put),
                Route.post(QUEUE + "/pause", "pauseQueue").tag("queues").returns(QueueView.class)
                        .summary("Pause a queue: its jobs wait, running ones finish").handler(this::pause),
                Route.post(QUEUE + "/resume", "resumeQueue").tag("queues").returns(QueueView.class)
                        .summary("Resume a paused queue").handler(this::resume),
                Route.delete(QUEUE, "deleteQueue").tag("queues").status(204)
                        .summary("Delete a queue's settings (409 while it holds unfinished jobs)").handler(this::delete));
    }

    private ApiResponse list(ApiRequest request) {
        String ns = request.pathParam("ns");
        return ApiResponse.ok(new QueueList(ctx.tock().store().queues(ns).stream().map(QueueView::of).toList()));
    }

    private ApiResponse get(ApiRequest request) {
        return ApiResponse.ok(QueueView.of(existing(request)));
    }

    private ApiResponse put(ApiRequest request) {
        String ns = request.pathParam("ns");
        String name = name(request);
        QueueRequest body = request.body(QueueRequest.class);
        Optional<Queue> before = ctx.tock().store().findQueue(ns, name);
        boolean paused = body.paused() != null ? body.paused() : before.map(Queue::paused).orElse(false);
        Queue queue = new Queue(ns, name, body.maxRunning() == null ? OptionalInt.empty() : OptionalInt.of(body.maxRunning()), paused);
        ctx.tock().saveQueue(queue);
        QueueView view = QueueView.of(queue);
        return before.isPresent() ? ApiResponse.ok(view) : ApiResponse.created(view, QUEUES.replace("{ns}", ns) + "/" + name);
    }

    private ApiResponse pause(ApiRequest request) {
        String name = name(request);
        ctx.tock().pauseQueue(request.pathParam("ns"), name);
        return ApiResponse.ok(QueueView.of(ctx.tock().queue(request.pathParam("ns"), name)));
    }

    private ApiResponse resume(ApiRequest request) {
        String name = name(request);
        ctx.tock().resumeQueue(request.pathParam("ns"), name);
        return ApiResponse.ok(QueueView.of(ctx.tock().queue(request.pathParam("ns"), name)));
    }

    private ApiResponse delete(ApiRequest request) {
        existing(request);
        throw ApiProblem.notImplemented("deleting queues"); // TODO store-api: Tock.deleteQueue(ns, name)
    }

    private static String name(ApiRequest request) {
        return Names.requireResourceName("queue", request.pathParam("queue"));
    }

    private Queue existing(ApiRequest request) {
        String ns = request.pathParam("ns");
        String name = request.pathParam("queue");
        return ctx.tock().store().findQueue(ns, name)
                .orElseThrow(() -> ApiProblem.notFound("queue " + name + " not found in namespace " + ns));
    }
}
