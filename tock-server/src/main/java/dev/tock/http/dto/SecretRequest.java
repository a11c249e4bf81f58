package dev.tock.http.dto;

import dev.tock.http.wire.ApiProblem;
import dev.tock.secret.Secret;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;

/**
 * A Secret's values, as put to {@code /v1/namespaces/{ns}/secrets/{name}}: like a Kubernetes Secret, as
 * text in {@code stringData} or as base64 in {@code data}, or both with different keys. They replace all the
 * values of the secret and are never shown back; no error quotes one.
 *
 * @param stringData values as text, by key
 * @param data values as base64 (of UTF-8 text), by key
 */
public record SecretRequest(Map<String, String> stringData, Map<String, String> data) {

    public Secret toSecret(String namespace, String name) {
        Map<String, String> values = new TreeMap<>(stringData == null ? Map.of() : stringData);
        if (data != null) {
            data.forEach((key, encoded) -> {
                if (values.containsKey(key)) {
                    throw ApiProblem.invalidField("data." + key, "data." + key + ": is also given in stringData; give each key once");
                }
                values.put(key, decode(key, encoded));
            });
        }
        if (values.isEmpty()) {
            throw ApiProblem.invalidField("stringData", "stringData: give at least one value, e.g. {\"stringData\": {\"password\": \"...\"}}");
        }
        return Secret.of(namespace, name, values);
    }

    private static String decode(String key, String encoded) {
        String field = "data." + key;
        try {
            byte[] bytes = Base64.getDecoder().decode(encoded == null ? "" : encoded.strip());
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (IllegalArgumentException e) {
            throw ApiProblem.invalidField(field, field + ": is not base64 (give text values in stringData instead)");
        } catch (CharacterCodingException e) {
            throw ApiProblem.invalidField(field, field + ": does not decode to UTF-8 text; binary values are not supported");
        }
    }
}
