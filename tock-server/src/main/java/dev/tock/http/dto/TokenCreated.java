package dev.tock.http.dto;

/** The answer to creating a token: the token and its secret, shown this once and never again. */
public record TokenCreated(TokenView token, String secret) {
}
