/**
 * One door per resource: the services a node hands out ({@code tock.jobs()}, {@code tock.schedules()},
 * …). The server's routes, the CLI and the dashboard reach a resource only through its service; a new
 * resource adds a service here and a store role in {@code dev.tock.store}.
 */
package dev.tock.service;
