/**
 * The wire format of the HTTP API, shared by the routes and their request and response records: the
 * JSON codec and RFC 9457 problems.
 */
package dev.tock.http.wire;
