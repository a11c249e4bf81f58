package dev.tock.http.dto;

/**
 * The answer to a test message.
 *
 * @param delivered whether the channel accepted it
 * @param error why not, when it did not
 */
public record ChannelTestResult(String channel, boolean delivered, String error) {
}
