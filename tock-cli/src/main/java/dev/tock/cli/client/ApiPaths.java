package dev.tock.cli.client;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** Paths of the REST API under {@code /v1}, with each name percent-encoded as one path segment. */
public final class ApiPaths {
    private ApiPaths() {
    }

    public static String namespaces() {
        return "/v1/namespaces";
    }

    public static String namespace(String ns) {
        return namespaces() + "/" + segment(ns);
    }

    public static String jobs(String ns) {
        return namespace(ns) + "/jobs";
    }

    public static String job(String ns, String id) {
        return jobs(ns) + "/" + segment(id);
    }

    public static String schedules(String ns) {
        return namespace(ns) + "/schedules";
    }

    public static String schedule(String ns, String name) {
        return schedules(ns) + "/" + segment(name);
    }

    public static String queues(String ns) {
        return namespace(ns) + "/queues";
    }

    public static String queue(String ns, String name) {
        return queues(ns) + "/" + segment(name);
    }

    public static String applySet(String ns, String name) {
        return namespace(ns) + "/applysets/" + segment(name);
    }

    public static String secrets(String ns) {
        return namespace(ns) + "/secrets";
    }

    public static String secret(String ns, String name) {
        return secrets(ns) + "/" + segment(name);
    }

    public static String alerts(String ns) {
        return namespace(ns) + "/alerts";
    }

    public static String alert(String ns, String id) {
        return alerts(ns) + "/" + segment(id);
    }

    public static String alertRule(String ns, String name) {
        return namespace(ns) + "/alert-rules/" + segment(name);
    }

    public static String alertChannel(String ns, String name) {
        return namespace(ns) + "/alert-channels/" + segment(name);
    }

    public static String alertSilences(String ns) {
        return namespace(ns) + "/alert-silences";
    }

    public static String alertSilence(String ns, String name) {
        return alertSilences(ns) + "/" + segment(name);
    }

    public static String monitors(String ns) {
        return namespace(ns) + "/monitors";
    }

    public static String monitor(String ns, String name) {
        return monitors(ns) + "/" + segment(name);
    }

    public static String workflows(String ns) {
        return namespace(ns) + "/workflows";
    }

    public static String workflow(String ns, String name) {
        return workflows(ns) + "/" + segment(name);
    }

    public static String workflowRuns(String ns) {
        return namespace(ns) + "/workflow-runs";
    }

    public static String workflowRun(String ns, String id) {
        return workflowRuns(ns) + "/" + segment(id);
    }

    public static String cluster() {
        return "/v1/cluster";
    }

    /** A value fit for one path segment or query value: everything but unreserved characters escaped. */
    public static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
