package dev.tock.http;

import dev.tock.engine.Tock;

/** What the routes share: the node's engine, the JSON codec and the schedules' next fire times. */
record ApiContext(Tock tock, Json json, NextFireTimes nextFires) {

    ApiContext(Tock tock, Json json) {
        this(tock, json, new NextFireTimes());
    }

    int maxPayloadBytes() {
        return tock.config().maxPayloadBytes();
    }

    static final String V1 = "/v1";
    static final String NS = V1 + "/namespaces/{ns}";
}
