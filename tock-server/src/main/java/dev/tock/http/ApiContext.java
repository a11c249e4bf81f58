package dev.tock.http;

import dev.tock.engine.Tock;

/** What the routes share: the node's engine and the JSON codec. */
record ApiContext(Tock tock, Json json) {

    int maxPayloadBytes() {
        return tock.config().maxPayloadBytes();
    }

    static final String V1 = "/v1";
    static final String NS = V1 + "/namespaces/{ns}";
}
