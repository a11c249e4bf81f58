package dev.tock.http.dto;

/** @param bypassOverlap fire even when the overlap policy would refuse */
public record TriggerRequest(Boolean bypassOverlap) {
}
