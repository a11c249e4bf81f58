package dev.tock.http.dto;

import java.util.List;

/** The secrets of a namespace, by name: never a value. */
public record SecretList(List<SecretView> secrets) {
}
