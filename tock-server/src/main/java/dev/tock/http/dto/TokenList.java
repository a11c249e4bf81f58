package dev.tock.http.dto;

import java.util.List;

/** Every token, revoked ones included, oldest first. */
public record TokenList(List<TokenView> tokens) {
}
