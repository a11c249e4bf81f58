package dev.tock.http;

import dev.tock.http.wire.Json;

/**
 * What every route shares: the JSON codec and the largest payload accepted. Each route class gets the
 * one service of its resource besides.
 */
record ApiContext(Json json, int maxPayloadBytes) {

    static final String V1 = "/v1";
    static final String NS = V1 + "/namespaces/{ns}";
}
