package dev.tock.http;

import dev.tock.http.dto.QueueList;
import dev.tock.http.dto.QueueRequest;
import dev.tock.http.dto.QueueView;
import dev.tock.http.wire.ApiProblem;
import dev.tock.model.Names;
import dev.tock.model.Queue;
import dev.tock.model.QueueStats;
import dev.tock.service.Queues;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/** {@code /v1/namespaces/{ns}/queues}: settings (limit, paused), pause, resume, delete, listing with job counts. */
final class QueueRoutes {
    private static final String QUEUES = ApiContext.NS + "/queues";
    private static final String QUEUE = QUEUES + "/{queue}";
    private final Queues queues;

    QueueRoutes(Queues queues) {
        this.queues = queues;
    }

    List<Route> routes() {
        return List.of(
                Route.get(QUEUES, "listQueues").tag("queues").returns(QueueList.class)
                        .summary("List queues that have settings or jobs: job counts per state, start lag").handler(this::list),
                Route.get(QUEUE, "getQueue").tag("queues").returns(QueueView.class).summary("Get a queue: settings, job counts per state, start lag (404 when nothing uses the name)")
                        .handler(this::get),
                Route.put(QUEUE, "putQueue").tag("queues").body(QueueRequest.class).returns(QueueView.class).status(201)
                        .summary("Create or update a queue: concurrency limit, paused (200 when it existed)").handler(this::put),
                Route.post(QUEUE + "/pause", "pauseQueue").tag("queues").access(Access.OPERATE).returns(QueueView.class)
                        .summary("Pause a queue: its jobs wait, running ones finish").handler(this::pause),
                Route.post(QUEUE + "/resume", "resumeQueue").tag("queues").access(Access.OPERATE).returns(QueueView.class)
                        .summary("Resume a paused queue").handler(this::resume),
                Route.delete(QUEUE, "deleteQueue").tag("queues").status(204)
                        .summary("Delete a queue's settings (409 while it holds unfinished jobs)").handler(this::delete));
    }

    /** How many of a queue's busiest keys its read shows. */
    private static final int TOP_KEYS = 10;
    /** How long a queue's oldest due job waits before the queue is checked for work nothing handles. */
    private static final java.time.Duration UNHANDLED_AFTER = java.time.Duration.ofSeconds(5);

    private ApiResponse list(ApiRequest request) {
        String ns = request.pathParam("ns");
        List<QueueStats> stats = queues.stats(ns);
        Map<String, List<QueueView.UnhandledView>> unhandled = stats.stream().anyMatch(QueueRoutes::waitsLong) ? unhandled(ns) : Map.of();
        return ApiResponse.ok(new QueueList(stats.stream()
                .map(s -> QueueView.of(s).withUnhandled(unhandled.getOrDefault(s.queue().name(), List.of()))).toList()));
    }

    /**
     * Whether a queue's oldest due job has waited long enough to look for work nothing handles: that
     * count reads every due job, so a queue that keeps up is spared it.
     */
    private static boolean waitsLong(QueueStats stats) {
        return stats.startLag().filter(lag -> lag.compareTo(UNHANDLED_AFTER) >= 0).isPresent();
    }

    private Map<String, List<QueueView.UnhandledView>> unhandled(String ns) {
        Map<String, List<QueueView.UnhandledView>> byQueue = new java.util.HashMap<>();
        queues.unhandled(ns).forEach(w -> byQueue.computeIfAbsent(w.queue(), q -> new java.util.ArrayList<>()).add(QueueView.UnhandledView.of(w)));
        return byQueue;
    }

    /** A queue with settings or jobs; 404 for a name nothing uses. */
    private ApiResponse get(ApiRequest request) {
        String ns = request.pathParam("ns");
        String name = request.pathParam("queue");
        return queues.stats(ns).stream().filter(s -> s.queue().name().equals(name)).findFirst()
                .map(s -> ApiResponse.ok(QueueView.of(s).withRunningByKey(queues.runningByKey(ns, name, TOP_KEYS))
                        .withUnhandled(waitsLong(s) ? unhandled(ns).getOrDefault(name, List.of()) : List.of())))
                .orElseThrow(() -> ApiProblem.notFound("queue " + name + " not found in namespace " + ns));
    }

    private ApiResponse put(ApiRequest request) {
        String ns = request.pathParam("ns");
        String name = name(request);
        QueueRequest body = request.body(QueueRequest.class);
        Optional<Queue> before = queues.find(ns, name);
        boolean paused = body.paused() != null ? body.paused() : before.map(Queue::paused).orElse(false);
        Queue queue = new Queue(ns, name, body.maxRunning() == null ? OptionalInt.empty() : OptionalInt.of(body.maxRunning()), paused,
                body.toSharing());
        boolean created = queues.save(queue);
        QueueView view = QueueView.of(queue);
        return created ? ApiResponse.created(view, QUEUES.replace("{ns}", ns) + "/" + name) : ApiResponse.ok(view);
    }

    private ApiResponse pause(ApiRequest request) {
        String name = name(request);
        queues.pause(request.pathParam("ns"), name);
        return ApiResponse.ok(QueueView.of(queues.get(request.pathParam("ns"), name)));
    }

    private ApiResponse resume(ApiRequest request) {
        String name = name(request);
        queues.resume(request.pathParam("ns"), name);
        return ApiResponse.ok(QueueView.of(queues.get(request.pathParam("ns"), name)));
    }

    private ApiResponse delete(ApiRequest request) {
        String ns = request.pathParam("ns");
        String name = request.pathParam("queue");
        if (!queues.delete(ns, name)) {
            throw ApiProblem.notFound("queue " + name + " has no settings in namespace " + ns);
        }
        return ApiResponse.noContent();
    }

    private static String name(ApiRequest request) {
        return Names.requireResourceName("queue", request.pathParam("queue"));
    }
}
